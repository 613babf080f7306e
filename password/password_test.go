package password

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// cheap keeps tests fast; the format and logic are the same as Default.
var cheap = Params{Time: 1, Memory: 64, Threads: 1}

func TestHashVerify(t *testing.T) {
	ctx := context.Background()
	h := NewHasher(cheap, 2)
	enc, err := h.Hash(ctx, "密码 correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("encoding %q", enc)
	}
	if err := h.Verify(ctx, "密码 correct horse", enc); err != nil {
		t.Fatalf("right password: %v", err)
	}
	if err := h.Verify(ctx, "密码 correct hors", enc); !errors.Is(err, ErrMismatch) {
		t.Fatalf("wrong password: %v, want ErrMismatch", err)
	}
	enc2, _ := h.Hash(ctx, "密码 correct horse")
	if enc2 == enc {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
	// A hasher with other parameters still verifies old hashes.
	if err := NewHasher(Default, 1).Verify(ctx, "密码 correct horse", enc); err != nil {
		t.Fatalf("verify with other default params: %v", err)
	}
}

func TestVerifyMalformed(t *testing.T) {
	h := NewHasher(cheap, 1)
	for _, enc := range []string{
		"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=x,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5",
	} {
		err := h.Verify(context.Background(), "x", enc)
		if err == nil || errors.Is(err, ErrMismatch) {
			t.Errorf("Verify(%q) = %v, want a format error", enc, err)
		}
	}
}

func TestHashHonoursContext(t *testing.T) {
	h := NewHasher(cheap, 1)
	h.slots <- struct{}{} // the only slot is busy
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.Hash(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Hash with cancelled context and no free slot: %v", err)
	}
}

func BenchmarkHashDefault(b *testing.B) {
	h := NewHasher(Default, 1)
	for b.Loop() {
		if _, err := h.Hash(context.Background(), "benchmark"); err != nil {
			b.Fatal(err)
		}
	}
}
