//go:build ignore

// (The line above keeps the Go tool from taking this file for cgo source of package modbuspeer.)

/*
 * server.c: the Modbus device that gohmi's tags/modbus tests talk to.
 *
 *   server tcp PORT [options]     Modbus TCP on 127.0.0.1:PORT, several clients
 *   server rtu DEVICE [options]   Modbus RTU slave (unit 1) on DEVICE, 19200 8E1
 *
 *   -s START:COUNT      answer reads of holding registers touching START..START+COUNT-1
 *                       one register short (a well-formed frame with too little data)
 *   -e START:COUNT:CODE answer requests touching holding registers START..+COUNT-1 with
 *                       exception CODE
 *   -b BAUD             RTU baud rate (default 19200)
 *
 * It prints READY on stdout once it listens, and runs until killed.
 *
 * The registers start filled (see fill()): hr[i] = i for i < 1000; typed values from
 * hr:1000; ir[i] = 2*i; coil i = (i % 3 == 0); discrete input i = (i % 2 == 0).
 *
 * Build: cc -o server server.c $(pkg-config --cflags --libs libmodbus)
 */
#include <errno.h>
#include <modbus.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#define NREG 10000

static int short_start = -1, short_count = 0;
static int exc_start = -1, exc_count = 0, exc_code = 2;

/* put32 stores the big-endian bytes ABCD of v in two registers in the order
 * named by order ("abcd", "badc", "cdab", "dcba"). libmodbus 3.1.6's own
 * modbus_set_float_abcd swaps bytes on little-endian hosts, so it is not used. */
static void put32(uint16_t *r, uint32_t v, const char *order) {
    uint8_t b[4] = {v >> 24, v >> 16, v >> 8, v};
    for (int k = 0; k < 4; k++) {
        uint8_t x = b[order[k] - 'a'];
        if (k % 2 == 0) r[k / 2] = (uint16_t)(x << 8); else r[k / 2] |= x;
    }
}

static void fill(modbus_mapping_t *m) {
    for (int i = 0; i < 1000; i++) m->tab_registers[i] = i;
    for (int i = 0; i < NREG; i++) m->tab_input_registers[i] = (uint16_t)(2 * i);
    for (int i = 0; i < NREG; i++) m->tab_bits[i] = (i % 3 == 0);
    for (int i = 0; i < NREG; i++) m->tab_input_bits[i] = (i % 2 == 0);
    uint16_t *r = m->tab_registers;
    r[1000] = (uint16_t)(int16_t)-1234;                       /* int16 */
    r[1001] = 54321;                                          /* uint16 */
    put32(r + 1002, (uint32_t)-123456789, "abcd");            /* int32 */
    put32(r + 1004, 3000000000u, "abcd");                     /* uint32 */
    float f = 3.25f; uint32_t fb; memcpy(&fb, &f, 4);
    put32(r + 1006, fb, "abcd");                              /* float32 abcd */
    double f64 = -2.718281828459045;                          /* float64 abcd */
    uint64_t u64; memcpy(&u64, &f64, 8);
    for (int k = 0; k < 4; k++) r[1008 + k] = (uint16_t)(u64 >> (48 - 16 * k));
    put32(r + 1012, fb, "cdab");                              /* float32 cdab */
    put32(r + 1014, fb, "badc");                              /* float32 badc */
    put32(r + 1016, fb, "dcba");                              /* float32 dcba */
    const char *s = "HELLO gohmi";                           /* string, 6 registers */
    for (int k = 0; k < 12; k++)
        r[1018 + k / 2] |= (uint16_t)((k < (int)strlen(s) ? (unsigned char)s[k] : 0) << (k % 2 ? 0 : 8));
    r[1024] = 0x8005;                                         /* bits 0, 2, 15 */
}

/* touches reports whether a request for [addr, addr+n) overlaps [start, start+count). */
static int touches(int addr, int n, int start, int count) {
    return start >= 0 && addr < start + count && start < addr + n;
}

/* reply answers one request of length len in req, which has header bytes before the PDU. */
static void reply(modbus_t *ctx, modbus_mapping_t *m, uint8_t *req, int len, int tcp) {
    int h = modbus_get_header_length(ctx);
    int fc = req[h];
    int addr = (req[h + 1] << 8) | req[h + 2];
    int n = (fc == 5 || fc == 6) ? 1 : ((req[h + 3] << 8) | req[h + 4]);
    int reg = (fc == 3 || fc == 6 || fc == 16 || fc == 23);
    if (reg && touches(addr, n, exc_start, exc_count)) {
        modbus_reply_exception(ctx, req, exc_code);
        return;
    }
    if (fc == 3 && tcp && touches(addr, n, short_start, short_count) && n > 1) {
        /* A valid frame whose byte count matches its data, but one register short. */
        uint8_t rsp[7 + 2 + 250];
        int bytes = 2 * (n - 1);
        memcpy(rsp, req, 4);                     /* transaction and protocol id */
        rsp[4] = 0; rsp[5] = (uint8_t)(3 + bytes);
        rsp[6] = req[6]; rsp[7] = 3; rsp[8] = (uint8_t)bytes;
        for (int k = 0; k < n - 1; k++) {
            rsp[9 + 2 * k] = m->tab_registers[addr + k] >> 8;
            rsp[10 + 2 * k] = m->tab_registers[addr + k] & 0xff;
        }
        if (write(modbus_get_socket(ctx), rsp, 9 + bytes) < 0) perror("write");
        return;
    }
    modbus_reply(ctx, req, len, m);
}

static int serve_tcp(int port, modbus_mapping_t *m) {
    modbus_t *ctx = modbus_new_tcp("127.0.0.1", port);
    int listener = modbus_tcp_listen(ctx, 16);
    if (listener < 0) { fprintf(stderr, "listen: %s\n", modbus_strerror(errno)); return 1; }
    printf("READY\n"); fflush(stdout);
    fd_set all; FD_ZERO(&all); FD_SET(listener, &all);
    int maxfd = listener;
    uint8_t req[MODBUS_TCP_MAX_ADU_LENGTH];
    for (;;) {
        fd_set rd = all;
        if (select(maxfd + 1, &rd, NULL, NULL, NULL) < 0) { if (errno == EINTR) continue; perror("select"); return 1; }
        for (int fd = 0; fd <= maxfd; fd++) {
            if (!FD_ISSET(fd, &rd)) continue;
            if (fd == listener) {
                int c = accept(listener, NULL, NULL);
                if (c < 0) continue;
                FD_SET(c, &all); if (c > maxfd) maxfd = c;
                continue;
            }
            modbus_set_socket(ctx, fd);
            int len = modbus_receive(ctx, req);
            if (len > 0) reply(ctx, m, req, len, 1);
            else if (len < 0) { close(fd); FD_CLR(fd, &all); }
        }
    }
}

static int serve_rtu(const char *dev, int baud, modbus_mapping_t *m) {
    modbus_t *ctx = modbus_new_rtu(dev, baud, 'E', 8, 1);
    if (ctx == NULL || modbus_set_slave(ctx, 1) < 0 || modbus_connect(ctx) < 0) {
        fprintf(stderr, "rtu %s: %s\n", dev, modbus_strerror(errno)); return 1;
    }
    printf("READY\n"); fflush(stdout);
    uint8_t req[MODBUS_RTU_MAX_ADU_LENGTH];
    for (;;) {
        int len = modbus_receive(ctx, req);
        if (len > 0) reply(ctx, m, req, len, 0);
        else if (len < 0 && errno != ETIMEDOUT && errno != EMBBADCRC) modbus_flush(ctx);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: server tcp PORT | rtu DEVICE [-s START:COUNT] [-e START:COUNT:CODE] [-b BAUD]\n"); return 2; }
    int baud = 19200;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-s") == 0) sscanf(argv[i + 1], "%d:%d", &short_start, &short_count);
        else if (strcmp(argv[i], "-e") == 0) sscanf(argv[i + 1], "%d:%d:%d", &exc_start, &exc_count, &exc_code);
        else if (strcmp(argv[i], "-b") == 0) baud = atoi(argv[i + 1]);
        else { fprintf(stderr, "unknown option %s\n", argv[i]); return 2; }
    }
    modbus_mapping_t *m = modbus_mapping_new(NREG, NREG, NREG, NREG);
    if (m == NULL) { fprintf(stderr, "mapping: %s\n", modbus_strerror(errno)); return 1; }
    fill(m);
    if (strcmp(argv[1], "tcp") == 0) return serve_tcp(atoi(argv[2]), m);
    if (strcmp(argv[1], "rtu") == 0) return serve_rtu(argv[2], baud, m);
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 2;
}
