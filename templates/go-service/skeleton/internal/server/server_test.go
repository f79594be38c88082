package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"${{ values.name }}/internal/logging"
)

func newTestServer(t *testing.T) (*Server, *httptest.Server) {
	t.Helper()
	s := New(logging.New(io.Discard, "test"))
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func TestHealth(t *testing.T) {
	_, ts := newTestServer(t)
	code, body := get(t, ts.URL+"/health")
	if code != http.StatusOK || !strings.Contains(body, `"ok"`) {
		t.Fatalf("GET /health = %d %s", code, body)
	}
}

func TestReadyFailsWhileDraining(t *testing.T) {
	s, ts := newTestServer(t)
	if code, _ := get(t, ts.URL+"/ready"); code != http.StatusOK {
		t.Fatalf("GET /ready = %d before shutdown, want 200", code)
	}
	s.SetReady(false)
	if code, _ := get(t, ts.URL+"/ready"); code != http.StatusServiceUnavailable {
		t.Fatalf("GET /ready = %d while draining, want 503", code)
	}
}

func TestMetricsCountRequests(t *testing.T) {
	_, ts := newTestServer(t)
	get(t, ts.URL+"/health")
	get(t, ts.URL+"/health")
	get(t, ts.URL+"/nope")
	code, body := get(t, ts.URL+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", code)
	}
	for _, want := range []string{
		`http_requests_total{method="GET",path="/health",code="200"} 2`,
		`http_requests_total{method="GET",path="other",code="404"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q:\n%s", want, body)
		}
	}
}

func TestVersionEndpoint(t *testing.T) {
	_, ts := newTestServer(t)
	code, body := get(t, ts.URL+"/version")
	if code != http.StatusOK {
		t.Fatalf("GET /version = %d %s", code, body)
	}
	for _, key := range []string{`"service":"${{ values.name }}"`, `"version":"dev"`, `"revision":`, `"goVersion":"go`} {
		if !strings.Contains(body, key) {
			t.Errorf("/version lacks %s: %s", key, body)
		}
	}
}

func TestMetricsBoundTheMethodLabel(t *testing.T) {
	_, ts := newTestServer(t)
	for _, method := range []string{"BREW", "PROPFIND", "X1"} {
		req, _ := http.NewRequest(method, ts.URL+"/", nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	_, body := get(t, ts.URL+"/metrics")
	if !strings.Contains(body, `http_requests_total{method="other",path="/",code="200"} 3`) {
		t.Errorf("unknown methods not collapsed into \"other\":\n%s", body)
	}
	if strings.Contains(body, "BREW") || strings.Contains(body, "PROPFIND") {
		t.Errorf("a client-chosen method became a label value:\n%s", body)
	}
}
