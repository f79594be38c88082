package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// Options are the HTTP server's timeouts and the shutdown sequence.
type Options struct {
	// ReadHeaderTimeout, ReadTimeout, WriteTimeout and IdleTimeout bound how
	// long one slow or idle client can hold a connection (and a goroutine).
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	// DrainPeriod: after SIGTERM, /ready answers 503 this long while every
	// request is still served, so the endpoints controller and the load
	// balancer stop sending traffic before the listener closes.
	DrainPeriod time.Duration
	// ShutdownTimeout: how long in-flight requests get to finish after the
	// drain period.
	ShutdownTimeout time.Duration
}

// DefaultOptions fit the platform chart's terminationGracePeriodSeconds (30):
// its preStop sleep (5s) + DrainPeriod (5s) + ShutdownTimeout (15s) stays
// under it, so Kubernetes never kills a request that is still finishing.
func DefaultOptions() Options {
	return Options{
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		DrainPeriod:       5 * time.Second,
		ShutdownTimeout:   15 * time.Second,
	}
}

// NewHTTPServer returns the http.Server for handler with the timeouts of opts.
func NewHTTPServer(handler http.Handler, opts Options) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: opts.ReadHeaderTimeout,
		ReadTimeout:       opts.ReadTimeout,
		WriteTimeout:      opts.WriteTimeout,
		IdleTimeout:       opts.IdleTimeout,
	}
}

// Run serves on ln until ctx is cancelled (SIGTERM), then drains: /ready
// fails for opts.DrainPeriod while requests are still served, and only then
// the server stops accepting connections and gives in-flight requests
// opts.ShutdownTimeout to finish.
func (s *Server) Run(ctx context.Context, ln net.Listener, opts Options) error {
	httpServer := NewHTTPServer(s.Handler(), opts)
	errc := make(chan error, 1)
	go func() {
		s.logger.Info("listening", "addr", ln.Addr().String())
		errc <- httpServer.Serve(ln)
	}()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	s.logger.Info("draining", "period", opts.DrainPeriod.String())
	s.SetReady(false)
	time.Sleep(opts.DrainPeriod)

	s.logger.Info("shutting down", "timeout", opts.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), opts.ShutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s.logger.Info("stopped")
	return nil
}
