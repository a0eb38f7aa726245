package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkDemoStart runs the built binary on the demo and measures the
// time from exec to the first UI batch (the start screen shown with values)
// and the resident memory after two seconds of running (budgets: ≤ 500 ms
// after build, ≤ 80 MB). "gl" is a real window under Xvfb, where Mesa's
// software GL (llvmpipe) maps libLLVM; "headless" is the test driver.
//
//	go test -tags migrated_fynedo -run '^$' -bench DemoStart -benchtime 10x ./cmd/hmi/
func BenchmarkDemoStart(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "hmi")
	if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	for _, mode := range []string{"gl", "headless"} {
		b.Run(mode, func(b *testing.B) {
			display := ""
			if mode == "gl" {
				if _, err := exec.LookPath("Xvfb"); err != nil {
					b.Skip("Xvfb not installed (make deps)")
				}
				display = startXvfb(b)
			}
			var starts []time.Duration
			var rss float64
			for b.Loop() {
				d, mem := startOnce(b, bin, display)
				starts = append(starts, d)
				rss = max(rss, mem)
			}
			slices.Sort(starts)
			b.ReportMetric(float64(starts[len(starts)/2].Microseconds())/1000, "p50-start-ms")
			b.ReportMetric(float64(starts[len(starts)-1].Microseconds())/1000, "max-start-ms")
			b.ReportMetric(rss, "rss-MB")
		})
	}
}

func startOnce(b *testing.B, bin, display string) (time.Duration, float64) {
	t0 := time.Now()
	args := []string{"run", "../../screens/demo", "--status-addr", "127.0.0.1:0", "--watch", "off", "--data", b.TempDir()}
	if display == "" {
		args = append(args, "--headless")
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	addrc := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`status server"? addr=(\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addrc <- m[1]
			}
		}
	}()
	var addr string
	select {
	case addr = <-addrc:
	case <-time.After(30 * time.Second):
		b.Fatal("no status server")
	}
	for {
		var st status
		if resp, err := http.Get("http://" + addr + "/status"); err == nil {
			_ = json.NewDecoder(resp.Body).Decode(&st)
			resp.Body.Close()
			if st.UIBatches > 0 {
				break
			}
		}
		if time.Since(t0) > 30*time.Second {
			b.Fatal("no first frame")
		}
		time.Sleep(2 * time.Millisecond)
	}
	d := time.Since(t0)
	time.Sleep(2 * time.Second) // running a while: the simulator ticks, the window repaints
	return d, rssMB(cmd.Process.Pid)
}

// rssMB reads VmRSS from /proc.
func rssMB(pid int) float64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
