package providers

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mailsetup/mailsetup/resolve"
)

// Limits on what discovery accepts from a web server (DESIGN.md "Security
// rules": every input from the network is bounded).
const (
	maxBodySize     = 1 << 20 // a config file is a few KiB; ISPDB's largest is ~10 KiB
	maxRedirects    = 3
	maxHeaderBytes  = 64 << 10
	userAgent       = "mailsetup (+https://github.com/mailsetup/mailsetup)"
	xmlContentTypes = "text/xml application/xml"
)

// Errors a fetch reports. Sources turn them into "failed" events; none of
// them ever reaches the user as a raw Go error.
var (
	errHTTPSToHTTP   = errors.New("redirect from https to plain http refused")
	errTooManyHops   = errors.New("too many redirects")
	errOtherDomain   = errors.New("redirect to another domain refused")
	errBodyTooLarge  = errors.New("response larger than 1 MiB")
	errContentType   = errors.New("response is not XML")
	errAboveDomain   = errors.New("host is a public suffix")
	errNotHTTPOrS    = errors.New("redirect to a URL that is neither http nor https")
	errRedirectNoLoc = errors.New("redirect without a Location")
)

// statusError is a non-success HTTP status.
type statusError struct{ code int }

func (e *statusError) Error() string { return "HTTP status " + strconv.Itoa(e.code) }

// httpRequest describes one fetch.
type httpRequest struct {
	method string // GET or POST
	url    string
	body   []byte // POST body
	ctype  string // POST content type
	// crossDomain allows redirects that leave the registrable domain of the
	// first URL. Only autoconfig files may do that (spec/cli.md), and then
	// the result says which domain answered.
	crossDomain bool
	// accept lists the media types the answer may have, space separated.
	accept string
}

// httpResponse is a successful fetch.
type httpResponse struct {
	body     []byte
	finalURL *url.URL
	// plain is true when any hop went over http.
	plain bool
	// otherDomain is the registrable domain that answered when a redirect
	// left the first URL's registrable domain; "" otherwise.
	otherDomain string
}

// fetcher makes discovery's HTTP requests: every connection goes through the
// Network's dialer (so its resolver answers every host name, and tests can
// serve on loopback), trusts the Network's roots, has a deadline and a size
// limit, and follows redirects only as the trust rules allow.
type fetcher struct {
	client  *http.Client
	timeout time.Duration
	conns   *connSet
}

// newFetcher builds the HTTP client for discovery. ports rewrites standard
// ports (443, 80) for tests that serve on random loopback ports.
func newFetcher(n *resolve.Network, ports map[int]int) *fetcher {
	conns := &connSet{open: map[*trackedConn]bool{}}
	dialer := withPorts(n.Dialer, ports)
	t := &http.Transport{
		// No proxy: a proxy would resolve names itself, outside --dns-server.
		Proxy:                  nil,
		DialContext:            conns.dial(dialer),
		TLSClientConfig:        &tls.Config{RootCAs: n.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    n.Timeout,
		ResponseHeaderTimeout:  n.Timeout,
		MaxResponseHeaderBytes: maxHeaderBytes,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        30 * time.Second,
		ForceAttemptHTTP2:      true,
	}
	return &fetcher{
		client: &http.Client{
			Transport: t,
			// Redirects are followed by do, one hop at a time, so that each
			// hop is checked against the trust rules.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		timeout: n.Timeout,
		conns:   conns,
	}
}

// close ends every connection the fetcher opened, idle or not: an HTTP/2
// connection whose cancelled stream is still being reset would otherwise
// outlive the discovery.
func (f *fetcher) close() {
	f.client.CloseIdleConnections()
	f.conns.closeAll()
}

// connSet remembers the open connections of a fetcher.
type connSet struct {
	mu     sync.Mutex
	open   map[*trackedConn]bool
	closed bool
}

func (s *connSet) dial(d resolve.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		tc := &trackedConn{Conn: c, set: s}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed {
			c.Close()
			return nil, net.ErrClosed
		}
		s.open[tc] = true
		return tc, nil
	}
}

func (s *connSet) closeAll() {
	s.mu.Lock()
	conns := make([]*trackedConn, 0, len(s.open))
	for c := range s.open {
		conns = append(conns, c)
	}
	s.closed = true
	s.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

type trackedConn struct {
	net.Conn
	set *connSet
}

func (c *trackedConn) Close() error {
	c.set.mu.Lock()
	delete(c.set.open, c)
	c.set.mu.Unlock()
	return c.Conn.Close()
}

// do performs req, following at most maxRedirects redirects. It never follows
// https → http, and leaves the first URL's registrable domain only when
// req.crossDomain allows it. Each hop has its own deadline of one timeout.
func (f *fetcher) do(ctx context.Context, req httpRequest) (*httpResponse, error) {
	u, err := url.Parse(req.url)
	if err != nil {
		return nil, err
	}
	if err := checkHost(u.Hostname()); err != nil {
		return nil, err
	}
	firstBase := registrable(u.Hostname())
	out := &httpResponse{}
	method, body := req.method, req.body
	for hop := 0; ; hop++ {
		if u.Scheme == "http" {
			out.plain = true
		}
		resp, err := f.once(ctx, method, u, body, req.ctype)
		if err != nil {
			return nil, err
		}
		if isRedirect(resp.StatusCode) {
			resp.Body.Close()
			if hop >= maxRedirects {
				return nil, errTooManyHops
			}
			next, err := nextHop(u, resp)
			if err != nil {
				return nil, err
			}
			if base := registrable(next.Hostname()); base != firstBase {
				if !req.crossDomain {
					return nil, fmt.Errorf("%w: %s", errOtherDomain, next.Hostname())
				}
				out.otherDomain = base
			}
			// RFC 9110 §15.4: 301/302/303 may turn a POST into a GET;
			// Autodiscover servers expect the POST again, as Outlook does.
			u = next
			continue
		}
		data, err := readBody(resp, req.accept)
		if err != nil {
			return nil, err
		}
		out.body, out.finalURL = data, u
		return out, nil
	}
}

// redirectTarget GETs u, which must answer with a redirect, and returns
// where it points. Nothing is sent but the request line and headers.
func (f *fetcher) redirectTarget(ctx context.Context, u string) (*url.URL, error) {
	from, err := url.Parse(u)
	if err != nil {
		return nil, err
	}
	if err := checkHost(from.Hostname()); err != nil {
		return nil, err
	}
	resp, err := f.once(ctx, "GET", from, nil, "")
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if !isRedirect(resp.StatusCode) {
		return nil, &statusError{resp.StatusCode}
	}
	return nextHop(from, resp)
}

// once makes one request with its own deadline.
func (f *fetcher) once(ctx context.Context, method string, u *url.URL, body []byte, ctype string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	r, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		cancel()
		return nil, err
	}
	if body == nil {
		r.Body, r.ContentLength = http.NoBody, 0
	}
	r.Header.Set("User-Agent", userAgent)
	r.Header.Set("Accept", "application/xml, text/xml;q=0.9")
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	resp, err := f.client.Do(r)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// nextHop resolves the Location of a redirect and checks it.
func nextHop(from *url.URL, resp *http.Response) (*url.URL, error) {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return nil, errRedirectNoLoc
	}
	next, err := from.Parse(loc)
	if err != nil {
		return nil, err
	}
	switch {
	case next.Scheme != "http" && next.Scheme != "https":
		return nil, errNotHTTPOrS
	case from.Scheme == "https" && next.Scheme == "http":
		return nil, errHTTPSToHTTP
	case next.User != nil:
		return nil, errors.New("redirect to a URL with credentials refused")
	}
	if err := checkHost(next.Hostname()); err != nil {
		return nil, err
	}
	return next, nil
}

// readBody checks the status and content type and reads at most maxBodySize.
func readBody(resp *http.Response, accept string) ([]byte, error) {
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, &statusError{resp.StatusCode}
	}
	if accept != "" {
		mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		if err != nil || !strings.Contains(" "+accept+" ", " "+mt+" ") {
			return nil, fmt.Errorf("%w (%q)", errContentType, resp.Header.Get("Content-Type"))
		}
	}
	if resp.ContentLength > maxBodySize {
		return nil, errBodyTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBodySize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxBodySize {
		return nil, errBodyTooLarge
	}
	return data, nil
}

// portDialer rewrites destination ports, for tests only.
type portDialer struct {
	resolve.Dialer
	ports map[int]int
}

func withPorts(d resolve.Dialer, ports map[int]int) resolve.Dialer {
	if len(ports) == 0 {
		return d
	}
	return &portDialer{Dialer: d, ports: ports}
}

func (d *portDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err == nil {
		if p, err := strconv.Atoi(port); err == nil {
			if to, ok := d.ports[p]; ok {
				address = net.JoinHostPort(host, strconv.Itoa(to))
			}
		}
	}
	return d.Dialer.DialContext(ctx, network, address)
}
