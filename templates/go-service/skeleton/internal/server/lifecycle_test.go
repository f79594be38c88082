package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"${{ values.name }}/internal/logging"
)

// startRun serves New() on a free port with opts; cancel plays SIGTERM.
func startRun(t *testing.T, opts Options) (base string, cancel func(), done <-chan error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancelCtx := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- New(logging.New(io.Discard, "test")).Run(ctx, ln, opts) }()
	t.Cleanup(cancelCtx)
	return "http://" + ln.Addr().String(), cancelCtx, errc
}

// fresh sends each request on a new connection, as a load balancer's
// health checks and new clients do.
var fresh = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 2 * time.Second}

func status(t *testing.T, url string) (int, error) {
	t.Helper()
	res, err := fresh.Get(url)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, nil
}

func TestSigtermDrainsBeforeClosing(t *testing.T) {
	opts := DefaultOptions()
	opts.DrainPeriod = 600 * time.Millisecond
	opts.ShutdownTimeout = time.Second
	base, sigterm, done := startRun(t, opts)

	// Ready before the signal (retry while the listener goroutine starts)
	deadline := time.Now().Add(2 * time.Second)
	for {
		if code, err := status(t, base+"/ready"); err == nil && code == http.StatusOK {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("GET /ready before SIGTERM = %d, %v; want 200", code, err)
		}
		time.Sleep(10 * time.Millisecond)
	}

	signalled := time.Now()
	sigterm()
	time.Sleep(100 * time.Millisecond)
	// Draining: not ready, but still serving new connections
	if code, err := status(t, base+"/ready"); err != nil || code != http.StatusServiceUnavailable {
		t.Fatalf("GET /ready while draining = %d, %v; want 503", code, err)
	}
	if code, err := status(t, base+"/"); err != nil || code != http.StatusOK {
		t.Fatalf("GET / while draining = %d, %v; want 200 (the pod must keep serving until endpoints are updated)", code, err)
	}
	if code, err := status(t, base+"/health"); err != nil || code != http.StatusOK {
		t.Fatalf("GET /health while draining = %d, %v; want 200 (a failing liveness probe would restart the pod)", code, err)
	}

	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run returned %v, want nil after a clean shutdown", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the drain period and shutdown")
	}
	if elapsed := time.Since(signalled); elapsed < opts.DrainPeriod {
		t.Fatalf("Run returned %v after SIGTERM, before the %v drain period ended", elapsed, opts.DrainPeriod)
	}
	if _, err := status(t, base+"/"); err == nil {
		t.Fatal("the server still accepts connections after shutdown")
	}
}

func TestSlowHeadersAreCutOff(t *testing.T) {
	opts := DefaultOptions()
	opts.ReadHeaderTimeout = 200 * time.Millisecond
	base, _, _ := startRun(t, opts)
	time.Sleep(50 * time.Millisecond)

	conn, err := net.Dial("tcp", base[len("http://"):])
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A slowloris client: a request line and never the end of the headers
	if _, err := conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	started := time.Now()
	_, err = io.ReadAll(conn)
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		t.Fatalf("the server kept a connection with unfinished headers open for %v", time.Since(started))
	}
}

func TestDefaultOptionsSetEveryServerTimeout(t *testing.T) {
	srv := NewHTTPServer(http.NotFoundHandler(), DefaultOptions())
	for name, d := range map[string]time.Duration{
		"ReadHeaderTimeout": srv.ReadHeaderTimeout,
		"ReadTimeout":       srv.ReadTimeout,
		"WriteTimeout":      srv.WriteTimeout,
		"IdleTimeout":       srv.IdleTimeout,
	} {
		if d <= 0 {
			t.Errorf("http.Server.%s is %v: a slow or idle client can hold a connection forever", name, d)
		}
	}
	o := DefaultOptions()
	// The platform chart: preStop sleep 5s, terminationGracePeriodSeconds 30
	if total := 5*time.Second + o.DrainPeriod + o.ShutdownTimeout; total >= 30*time.Second {
		t.Errorf("preStop + drain + shutdown = %v, not under the chart's 30s grace period", total)
	}
}
