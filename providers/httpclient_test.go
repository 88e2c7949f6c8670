package providers

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mailsetup/mailsetup/internal/fakenet"
)

// The fetcher's bounds: size, content type, redirect count, scheme, and
// names above the registrable domain.
func TestFetcherBounds(t *testing.T) {
	w := fakenet.New(t)
	w.Host("web.example.test", "other.test")
	w.ServeHTTPS("web.example.test/ok.xml", fakenet.XMLFile("<x/>"))
	w.ServeHTTPS("web.example.test/big.xml", fakenet.XMLFile(strings.Repeat("x", maxBodySize+1)))
	w.ServeHTTPS("web.example.test/big-chunked.xml", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/xml")
		chunk := []byte(strings.Repeat("x", 64<<10))
		for i := 0; i < 20; i++ {
			rw.Write(chunk)
			rw.(http.Flusher).Flush()
		}
	})
	w.ServeHTTPS("web.example.test/page.html", func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "text/html")
		rw.Write([]byte("<html></html>"))
	})
	w.ServeHTTPS("web.example.test/loop", fakenet.Redirect("/loop"))
	w.ServeHTTPS("web.example.test/tohttp", fakenet.Redirect("http://web.example.test/ok.xml"))
	w.ServeHTTPS("web.example.test/toftp", fakenet.Redirect("ftp://web.example.test/ok.xml"))
	w.ServeHTTPS("web.example.test/away", fakenet.Redirect("https://other.test/ok.xml"))
	w.ServeHTTPS("web.example.test/up", fakenet.Redirect("https://test/ok.xml"))
	w.ServeHTTPS("other.test/ok.xml", fakenet.XMLFile("<y/>"))
	w.ServeHTTPS("web.example.test/slow.xml", fakenet.Stall)

	opts := options(w, 300*time.Millisecond)
	f := newFetcher(opts.Network, opts.Ports)
	defer f.close()
	get := func(path string, cross bool) (*httpResponse, error) {
		return f.do(context.Background(), httpRequest{method: "GET", url: "https://web.example.test" + path, accept: xmlContentTypes, crossDomain: cross})
	}
	if r, err := get("/ok.xml", false); err != nil || string(r.body) != "<x/>" || r.plain || r.otherDomain != "" {
		t.Errorf("ok: %+v %v", r, err)
	}
	for path, want := range map[string]error{
		"/big.xml":         errBodyTooLarge,
		"/big-chunked.xml": errBodyTooLarge,
		"/page.html":       errContentType,
		"/loop":            errTooManyHops,
		"/tohttp":          errHTTPSToHTTP,
		"/toftp":           errNotHTTPOrS,
		"/away":            errOtherDomain,
		"/up":              errAboveDomain,
	} {
		if r, err := get(path, false); !errors.Is(err, want) {
			t.Errorf("%s: got %+v, %v; want %v", path, r, err, want)
		}
	}
	var se *statusError
	if _, err := get("/missing.xml", false); !errors.As(err, &se) || se.code != 404 {
		t.Errorf("missing: %v", err)
	}
	if r, err := get("/away", true); err != nil || r.otherDomain != "other.test" || string(r.body) != "<y/>" {
		t.Errorf("cross-domain allowed: %+v %v", r, err)
	}
	if _, err := get("/slow.xml", false); err == nil {
		t.Error("a stalled answer did not time out")
	}
	if _, err := f.do(context.Background(), httpRequest{method: "GET", url: "https://co.uk/x"}); !errors.Is(err, errAboveDomain) {
		t.Errorf("public suffix host: %v", err)
	}
}
