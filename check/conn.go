package check

import (
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"time"
)

// Bounds on what a server may send during a check. RFC 5321 §4.5.3.1.5 and
// RFC 1939 limit reply lines to 512 octets, RFC 3501 has no limit but no
// sane greeting or capability line comes close to 64 KiB; a whole check
// reads a few kilobytes.
const (
	maxLineBytes  = 64 << 10
	maxTotalBytes = 1 << 20
	maxReplyLines = 200 // lines in one multi-line reply (EHLO, CAPA, CAPABILITY)
)

// Errors for a server that floods us; both mean server.protocol_error.
var (
	errLineTooLong = errors.New("the server sent a line longer than 64 KiB")
	errTooMuchData = errors.New("the server sent more than 1 MiB")
)

// textConn is the plaintext layer every protocol speaks over: the TCP
// connection itself, or the TLS connection on top of it. It bounds what the
// server may send, keeps the lines the server sent since our last command
// (never anything we write, so never a password) for server_reply, and
// ignores deadline changes: go-imap sets its own 30 s deadlines, but the
// check sets every deadline itself on the TCP connection from --timeout.
type textConn struct {
	net.Conn
	log *replyLog

	mu      sync.Mutex
	lineLen int
	total   int
	err     error // sticky flood error
}

func newTextConn(c net.Conn) *textConn {
	return &textConn{Conn: c, log: &replyLog{}}
}

func (c *textConn) Read(b []byte) (int, error) {
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return 0, err
	}
	c.mu.Unlock()
	n, err := c.Conn.Read(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.total += n
	if c.total > maxTotalBytes {
		c.err = errTooMuchData
		return 0, c.err
	}
	for _, ch := range b[:n] {
		if ch == '\n' {
			c.lineLen = 0
			continue
		}
		c.lineLen++
		if c.lineLen > maxLineBytes {
			c.err = errLineTooLong
			return 0, c.err
		}
	}
	c.log.add(b[:n])
	return n, err
}

func (c *textConn) Write(b []byte) (int, error) {
	c.log.mark()
	return c.Conn.Write(b)
}

// SetDeadline and friends are deliberately no-ops; see textConn.
func (c *textConn) SetDeadline(time.Time) error      { return nil }
func (c *textConn) SetReadDeadline(time.Time) error  { return nil }
func (c *textConn) SetWriteDeadline(time.Time) error { return nil }

// replyLog keeps the lines a server sent since the client last wrote, so a
// failed command can be explained with the server's own words, including
// untagged IMAP [ALERT] lines that go-imap drops.
type replyLog struct {
	mu      sync.Mutex
	lines   []string
	partial strings.Builder
}

const (
	logMaxLines    = 16
	logMaxLineChar = 1024
)

func (l *replyLog) add(b []byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, ch := range b {
		switch ch {
		case '\n':
			l.lines = append(l.lines, strings.TrimRight(l.partial.String(), "\r"))
			if len(l.lines) > logMaxLines {
				l.lines = l.lines[len(l.lines)-logMaxLines:]
			}
			l.partial.Reset()
		default:
			if l.partial.Len() < logMaxLineChar {
				l.partial.WriteByte(ch)
			}
		}
	}
}

// mark forgets what was read so far: a new command begins.
func (l *replyLog) mark() {
	l.mu.Lock()
	l.lines = l.lines[:0]
	l.partial.Reset()
	l.mu.Unlock()
}

// Lines returns the complete lines read since the last mark.
func (l *replyLog) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// replayConn serves prefix before the connection's own bytes. The check
// reads greetings itself (to bound them and to tell a wrong TLS mode from
// the first bytes) and then hands the connection to go-mail or go-imap,
// which expect to read the greeting themselves: the same technique go-imap
// uses for bytes buffered before STARTTLS.
type replayConn struct {
	net.Conn
	r io.Reader
}

func withPrefix(c net.Conn, prefix []byte) net.Conn {
	if len(prefix) == 0 {
		return c
	}
	return &replayConn{Conn: c, r: io.MultiReader(strings.NewReader(string(prefix)), c)}
}

func (c *replayConn) Read(b []byte) (int, error) { return c.r.Read(b) }
