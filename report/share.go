package report

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"
)

// ShareTTL is how long a shared report link works.
const ShareTTL = 7 * 24 * time.Hour

// ErrBadLink is a share link that was altered, is malformed or expired.
// Callers answer it with 404, like a report that does not exist.
var ErrBadLink = errors.New("share link invalid or expired")

// macLen is the length of the truncated HMAC-SHA256 in a token: 128 bits.
const macLen = 16

// SignShare returns a token for screening id that expires at until,
// signed with key (HMAC-SHA256). The key lives in the database so every
// server signs and checks alike.
func SignShare(key []byte, id int64, until time.Time) string {
	b := make([]byte, 16, 16+macLen)
	binary.BigEndian.PutUint64(b, uint64(id))
	binary.BigEndian.PutUint64(b[8:], uint64(until.Unix()))
	return base64.RawURLEncoding.EncodeToString(append(b, mac(key, b)...))
}

// VerifyShare returns the screening id of a token signed with key that
// has not expired at now; ErrBadLink otherwise.
func VerifyShare(key []byte, token string, now time.Time) (int64, time.Time, error) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != 16+macLen {
		return 0, time.Time{}, ErrBadLink
	}
	if !hmac.Equal(b[16:], mac(key, b[:16])) {
		return 0, time.Time{}, ErrBadLink
	}
	until := time.Unix(int64(binary.BigEndian.Uint64(b[8:16])), 0)
	if !now.Before(until) {
		return 0, time.Time{}, ErrBadLink
	}
	return int64(binary.BigEndian.Uint64(b[:8])), until, nil
}

func mac(key, msg []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(msg)
	return h.Sum(nil)[:macLen]
}
