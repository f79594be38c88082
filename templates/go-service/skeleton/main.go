// Command ${{ values.name }}: ${{ values.description }}
package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"${{ values.name }}/internal/logging"
	"${{ values.name }}/internal/server"
)

func main() {
	logger := logging.New(os.Stdout, "${{ values.name }}")
	if err := run(logger); err != nil {
		logger.Error("service stopped with an error", "error", err.Error())
		os.Exit(1)
	}
}

func run(logger *logging.Logger) error {
	addr := ":" + envOr("PORT", "8080")
	shutdownTimeout, err := time.ParseDuration(envOr("SHUTDOWN_TIMEOUT", "20s"))
	if err != nil {
		return err
	}

	srv := server.New(logger)
	httpServer := &http.Server{
		Addr:              addr,
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	errc := make(chan error, 1)
	go func() {
		logger.Info("listening", "addr", addr)
		errc <- httpServer.ListenAndServe()
	}()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	// Stop taking new traffic first: /ready fails so the load balancer drains
	// this pod, then in-flight requests get shutdownTimeout to finish.
	logger.Info("shutting down", "timeout", shutdownTimeout.String())
	srv.SetReady(false)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := httpServer.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return fallback
}
