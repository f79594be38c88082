// Package server holds the HTTP handlers of ${{ values.name }}.
package server

import (
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"

	"${{ values.name }}/internal/logging"
	"${{ values.name }}/internal/metrics"
	"${{ values.name }}/internal/version"
)

// Server is the service's HTTP surface.
type Server struct {
	logger  *logging.Logger
	metrics *metrics.Registry
	ready   atomic.Bool
}

// New returns a server that reports ready.
func New(logger *logging.Logger) *Server {
	s := &Server{logger: logger, metrics: metrics.NewRegistry("${{ values.name }}")}
	s.ready.Store(true)
	return s
}

// SetReady flips the readiness probe (false while draining on shutdown).
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// Handler routes requests and records metrics and access logs for each.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/health", s.health)
	mux.HandleFunc("/ready", s.readyz)
	mux.HandleFunc("/metrics", s.metricsHandler)
	mux.HandleFunc("/version", s.versionHandler)
	mux.HandleFunc("/", s.root)
	return s.instrument(mux)
}

func (s *Server) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	if !s.ready.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

func (s *Server) metricsHandler(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = s.metrics.WriteTo(w)
}

func (s *Server) versionHandler(w http.ResponseWriter, _ *http.Request) {
	info := version.Get()
	writeJSON(w, http.StatusOK, map[string]string{
		"service":   "${{ values.name }}",
		"version":   info.Version,
		"revision":  info.Revision,
		"goVersion": info.GoVersion,
	})
}

func (s *Server) root(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"service": "${{ values.name }}"})
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.code = code
	r.ResponseWriter.WriteHeader(code)
}

func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		next.ServeHTTP(rec, r)
		path := r.URL.Path
		switch path {
		case "/health", "/ready", "/metrics", "/version", "/":
		default:
			path = "other" // bound the label set
		}
		elapsed := time.Since(start)
		s.metrics.ObserveRequest(r.Method, path, rec.code, elapsed)
		if path != "/health" && path != "/ready" && path != "/metrics" && path != "/version" {
			s.logger.Info("request", "method", r.Method, "path", r.URL.Path,
				"status", rec.code, "duration_ms", elapsed.Milliseconds())
		}
	})
}

func writeJSON(w http.ResponseWriter, code int, body interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}
