// Command ${{ values.name }}: ${{ values.description }}
package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"${{ values.name }}/internal/logging"
	"${{ values.name }}/internal/server"
	"${{ values.name }}/internal/version"
)

func main() {
	logger := logging.New(os.Stdout, "${{ values.name }}")
	if err := run(logger); err != nil {
		logger.Error("service stopped with an error", "error", err.Error())
		os.Exit(1)
	}
}

func run(logger *logging.Logger) error {
	opts := server.DefaultOptions()
	for _, d := range []struct {
		env string
		to  *time.Duration
	}{
		{"DRAIN_PERIOD", &opts.DrainPeriod},
		{"SHUTDOWN_TIMEOUT", &opts.ShutdownTimeout},
	} {
		if v := os.Getenv(d.env); v != "" {
			parsed, err := time.ParseDuration(v)
			if err != nil || parsed < 0 {
				return fmt.Errorf("%s must be a duration such as 5s, got %q", d.env, v)
			}
			*d.to = parsed
		}
	}

	ln, err := net.Listen("tcp", ":"+envOr("PORT", "8080"))
	if err != nil {
		return err
	}
	info := version.Get()
	logger.Info("starting", "version", info.Version, "revision", info.Revision, "go", info.GoVersion)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	return server.New(logger).Run(ctx, ln, opts)
}

func envOr(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return fallback
}
