package password

import (
	"errors"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		pw   string
		want error
	}{
		{"", ErrTooShort},
		{"abc123", ErrTooShort},
		{"七个汉字的密码", ErrTooShort},
		{"12345678", ErrCommon},
		{"PassWord", ErrCommon},
		{"woaini1314", ErrCommon},
		{"zzzzzzzzzz", ErrCommon},
		{"八个汉字组成的密码", nil},
		{"zhixi-demo-2026", nil},
		{"correct horse", nil},
	} {
		if err := Check(tt.pw); !errors.Is(err, tt.want) {
			t.Errorf("Check(%q) = %v, want %v", tt.pw, err, tt.want)
		}
	}
	if len(common) < 50 {
		t.Errorf("the common-password list has %d entries; the embedded file did not load", len(common))
	}
}
