package modbus

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goburrow/modbus"
)

// handler is what conn needs of goburrow's TCP and RTU client handlers.
type handler interface {
	modbus.ClientHandler
	Connect() error
	Close() error
}

// conn is the one link to a device, shared by the scan loop, writes and
// on-demand reads; mu serialises their requests, as Modbus allows one
// outstanding request per connection (and per serial line).
type conn struct {
	cfg Config
	now func() time.Time // the driver's clock: reconnect backoff

	// Counters, atomic so that Stats never waits for a request.
	dials, connects, requests, errors atomic.Uint64

	mu      sync.Mutex    // guards every field below
	h       handler       // nil while not connected
	client  modbus.Client // over h
	lastErr error         // why the connection went down
	retryAt time.Time     // no reconnect before this
	backoff time.Duration // the next delay after a failed connect
}

func newConn(cfg Config, now func() time.Time) *conn {
	return &conn{cfg: cfg, now: now, backoff: cfg.Backoff}
}

// errNotConnected is returned, wrapped, while a reconnect waits for its backoff.
var errNotConnected = errors.New("not connected")

// do runs one transaction f on the connection, connecting first if needed
// and allowed by the backoff. A transport failure closes the connection;
// the next do reconnects at once, and failed connects back off
// exponentially from Config.Backoff up to Config.MaxBackoff.
func (c *conn) do(f func(modbus.Client) error) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.connect(); err != nil {
		return err
	}
	c.requests.Add(1)
	err := fromLib(f(c.client))
	if err == nil {
		c.backoff = c.cfg.Backoff
		return nil
	}
	c.errors.Add(1)
	if transportFailed(err) {
		c.drop(err)
	}
	return err
}

// connect opens the connection unless it is open. c.mu is held.
func (c *conn) connect() error {
	if c.h != nil {
		return nil
	}
	now := c.now()
	if now.Before(c.retryAt) {
		return fmt.Errorf("%w: %v", errNotConnected, c.lastErr)
	}
	h := c.newHandler()
	c.dials.Add(1)
	if err := h.Connect(); err != nil {
		_ = h.Close()
		c.lastErr, c.retryAt = err, now.Add(c.backoff)
		c.backoff = min(2*c.backoff, c.cfg.MaxBackoff)
		return err
	}
	c.h, c.client = h, modbus.NewClient(h)
	c.connects.Add(1)
	return nil
}

// drop closes the connection after err. c.mu is held.
func (c *conn) drop(err error) {
	if c.h != nil {
		_ = c.h.Close()
	}
	c.h, c.client, c.lastErr = nil, nil, err
}

// close closes the connection and forgets the backoff, so that the next
// user connects at once.
func (c *conn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop(nil)
	c.retryAt, c.backoff = time.Time{}, c.cfg.Backoff
}

// stats fills in the connection's counters.
func (c *conn) stats(s *Stats) {
	s.Dials, s.Connects, s.Requests, s.Errors = c.dials.Load(), c.connects.Load(), c.requests.Load(), c.errors.Load()
}

// newHandler returns a TCP or RTU handler for the configuration. Idle
// timeouts are off: the scan loop keeps the link busy, and goburrow's idle
// timer would close it behind our back.
func (c *conn) newHandler() handler {
	cfg := c.cfg
	if cfg.Address != "" {
		h := modbus.NewTCPClientHandler(cfg.Address)
		h.Timeout, h.IdleTimeout, h.SlaveId = cfg.Timeout, 0, cfg.UnitID
		return h
	}
	h := modbus.NewRTUClientHandler(cfg.Device)
	h.BaudRate, h.DataBits, h.Parity, h.StopBits = cfg.Baud, cfg.DataBits, cfg.Parity, cfg.StopBits
	h.Timeout, h.IdleTimeout, h.SlaveId = cfg.Timeout, 0, cfg.UnitID
	return h
}
