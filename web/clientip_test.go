package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	lan := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.0/8")}
	for _, tt := range []struct {
		name   string
		proxy  bool
		remote string
		xff    []string
		want   string
	}{
		{"no proxy: the peer, whatever the header says", false, "203.0.113.5:1234", []string{"1.2.3.4"}, "203.0.113.5"},
		{"proxy: the hop the proxy added", true, "127.0.0.1:1", []string{"198.51.100.7"}, "198.51.100.7"},
		{"a client-written left-most value is ignored", true, "127.0.0.1:1", []string{"6.6.6.6, 198.51.100.7"}, "198.51.100.7"},
		{"trusted hops are skipped from the right", true, "127.0.0.1:1", []string{"6.6.6.6, 198.51.100.7, 10.1.2.3"}, "198.51.100.7"},
		{"several headers are one list", true, "127.0.0.1:1", []string{"6.6.6.6", "198.51.100.7", "10.1.2.3"}, "198.51.100.7"},
		{"a peer that is not a trusted proxy is the client", true, "203.0.113.5:1", []string{"198.51.100.7"}, "203.0.113.5"},
		{"no header: the peer", true, "127.0.0.1:1", nil, "127.0.0.1"},
		{"all hops trusted: the left-most", true, "127.0.0.1:1", []string{"10.9.9.9, 10.1.1.1"}, "10.9.9.9"},
		{"garbage left of the client's hop is not used", true, "127.0.0.1:1", []string{"<script>, 198.51.100.7"}, "198.51.100.7"},
		{"garbage as the last hop: the proxy", true, "127.0.0.1:1", []string{"6.6.6.6, not-an-ip"}, "127.0.0.1"},
		{"IPv6 client", true, "[::1]:1", []string{"2001:db8::7"}, "2001:db8::7"},
		{"IPv4-mapped proxy", true, "127.0.0.1:1", []string{"198.51.100.7, ::ffff:10.0.0.1"}, "198.51.100.7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.remote
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			trusted := append(lan, netip.MustParsePrefix("::1/128"))
			if got := clientIP(r, tt.proxy, trusted); got != tt.want {
				t.Errorf("clientIP = %q, want %q", got, tt.want)
			}
		})
	}
}
