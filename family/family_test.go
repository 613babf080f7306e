package family

import (
	"strings"
	"testing"
)

func TestInvitationCode(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		code, err := newCode()
		if err != nil {
			t.Fatal(err)
		}
		if len(code) != 9 || code[4] != '-' || strings.ContainsAny(code, "01OIL") {
			t.Fatalf("code %q: want ABCD-EFGH without 0, 1, O, I, L", code)
		}
		seen[code] = true
		// However a grandparent types it, it is the same code.
		for _, typed := range []string{strings.ToLower(code), strings.ReplaceAll(code, "-", " "), " " + code + " "} {
			if HashCode(typed) != HashCode(code) {
				t.Errorf("%q does not read as %q", typed, code)
			}
		}
	}
	if len(seen) < 199 {
		t.Errorf("200 codes drawn, %d distinct", len(seen))
	}
}

func TestCheckPhone(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"", true}, {"138 0013 8000", true}, {"021-6123-4567", true}, {"+86 13800138000", true},
		{"12345", false}, {"call me", false}, {"1380013800０", false}, {"1234567890123456", false},
	} {
		if _, err := checkPhone(tt.in); (err == nil) != tt.ok {
			t.Errorf("checkPhone(%q) = %v, want ok %v", tt.in, err, tt.ok)
		}
	}
}
