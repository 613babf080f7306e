package main

import (
	"net/netip"
	"slices"
	"testing"
)

func TestParsePrefixes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []netip.Prefix
		bad  bool
	}{
		{"127.0.0.0/8,::1/128", []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}, false},
		{" 10.1.2.3 , 10.0.0.0/8", []netip.Prefix{netip.MustParsePrefix("10.1.2.3/32"), netip.MustParsePrefix("10.0.0.0/8")}, false},
		{"10.1.2.3/8", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, false},
		{"", nil, false},
		{"proxy.internal", nil, true},
		{"10.0.0.0/33", nil, true},
	} {
		got, err := parsePrefixes(tt.in)
		if (err != nil) != tt.bad || !slices.Equal(got, tt.want) {
			t.Errorf("parsePrefixes(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}
