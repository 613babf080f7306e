package screening

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
)

// Snapshot is a session's serialisable state: its scope fingerprint,
// configuration and answer log. Resuming replays the log with the same
// seed, which reproduces the posterior exactly (the engine draws random
// numbers only from the seeded generator and never iterates a map), so
// the snapshot stays a few hundred bytes instead of the particle set.
type Snapshot struct {
	Version int    `json:"version"`
	Bank    string `json:"bank"`
	// Scope fingerprints the points and items without their parameters: a
	// snapshot whose Bank differs only by a newer calibration replays.
	Scope     string     `json:"scope,omitempty"`
	Config    Config     `json:"config"`
	Responses []Response `json:"responses"`
	Pending   string     `json:"pending,omitempty"`
	Stopped   string     `json:"stopped,omitempty"`
}

const snapshotVersion = 1

// Snapshot returns the session's state for storage.
func (s *Session) Snapshot() Snapshot {
	snap := Snapshot{Version: snapshotVersion, Bank: s.b.id, Scope: s.b.scope, Config: s.cfg, Responses: []Response{}, Stopped: s.stopped}
	for _, r := range s.responses {
		snap.Responses = append(snap.Responses, Response{Item: s.b.items[r.item].item.ID, Outcome: r.outcome})
	}
	if s.pending >= 0 {
		snap.Pending = s.b.items[s.pending].item.ID
	}
	return snap
}

// Resume rebuilds a session from a snapshot on the same bank. prior, if
// not nil, replaces the default prior (it is not serialised).
func Resume(b *Bank, snap Snapshot, prior Prior) (*Session, error) {
	if snap.Version != snapshotVersion {
		return nil, fmt.Errorf("resume screening: snapshot version %d, want %d", snap.Version, snapshotVersion)
	}
	if snap.Bank != b.id && (snap.Scope == "" || snap.Scope != b.scope) {
		return nil, fmt.Errorf("resume screening: snapshot was taken on scope %s, this scope is %s (content or scope changed)", snap.Bank, b.id)
	}
	cfg := snap.Config
	cfg.Prior = prior
	s, err := NewSession(b, cfg)
	if err != nil {
		return nil, fmt.Errorf("resume screening: %w", err)
	}
	for n, r := range snap.Responses {
		i, ok := b.byID[r.Item]
		switch {
		case !ok:
			return nil, fmt.Errorf("resume screening: response %d: item %q is not in the scope", n+1, r.Item)
		case s.asked[i]:
			return nil, fmt.Errorf("resume screening: response %d: item %q answered twice", n+1, r.Item)
		case r.Outcome != Correct && r.Outcome != Incorrect && r.Outcome != Skip:
			return nil, fmt.Errorf("resume screening: response %d: unknown outcome %q", n+1, r.Outcome)
		}
		s.replay(i, r.Outcome)
	}
	if snap.Pending != "" {
		i, ok := b.byID[snap.Pending]
		if !ok || s.asked[i] {
			return nil, fmt.Errorf("resume screening: pending item %q is unknown or already answered", snap.Pending)
		}
		s.pending, s.asked[i] = i, true
	}
	s.stopped = snap.Stopped
	return s, nil
}

// stateMagic starts a binary state (MarshalBinary); a JSON Snapshot starts
// with '{', so a store can hold either and tell them apart.
const stateMagic = "ZSS\x02"

var outcomeCodes = [...]Outcome{Correct, Incorrect, Skip}

// MarshalBinary returns the session's whole state: the particles, their
// weights and mixture components, the generator's state and the answer
// log, flate-compressed. Restore continues from it in time independent of
// the number of answers (a Snapshot must replay them all), and the session
// goes on exactly as the original would.
func (s *Session) MarshalBinary() ([]byte, error) {
	cfg, err := json.Marshal(s.cfg)
	if err != nil {
		return nil, fmt.Errorf("save screening: config: %w", err)
	}
	rng, err := s.src.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("save screening: generator: %w", err)
	}
	// Sized for the particles up front: growing by appends copied them
	// several times.
	raw := make([]byte, 0, 64+len(s.b.id)+len(s.b.scope)+len(cfg)+len(rng)+len(s.stopped)+
		11*len(s.responses)+8*len(s.parts)+2*len(s.comp)+8*len(s.w))
	str := func(b []byte) { raw = binary.AppendUvarint(raw, uint64(len(b))); raw = append(raw, b...) }
	str([]byte(s.b.id + "/" + s.b.scope))
	str(cfg)
	str(rng)
	str([]byte(s.stopped))
	raw = binary.AppendVarint(raw, int64(s.pending))
	raw = binary.AppendUvarint(raw, uint64(len(s.responses)))
	for _, r := range s.responses {
		raw = binary.AppendUvarint(raw, uint64(r.item))
		raw = append(raw, byte(slices.Index(outcomeCodes[:], r.outcome)))
	}
	for _, x := range s.parts {
		raw = binary.LittleEndian.AppendUint64(raw, x)
	}
	for _, c := range s.comp {
		raw = binary.LittleEndian.AppendUint16(raw, c)
	}
	for _, w := range s.w {
		raw = binary.LittleEndian.AppendUint64(raw, math.Float64bits(w))
	}
	raw = s.fit.append(raw)
	var buf bytes.Buffer
	buf.Grow(len(raw)/4 + len(stateMagic))
	buf.WriteString(stateMagic)
	zw := flateWriters.Get().(*flate.Writer)
	defer flateWriters.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// flateWriters keeps compressors between saves: a new one allocates
// about a megabyte, more than the rest of an answer together.
var flateWriters = sync.Pool{New: func() any {
	zw, err := flate.NewWriter(nil, flate.BestSpeed)
	if err != nil {
		panic(err) // only for an invalid level
	}
	return zw
}}

// IsBinaryState reports whether data was written by MarshalBinary (rather
// than being a JSON Snapshot).
func IsBinaryState(data []byte) bool { return bytes.HasPrefix(data, []byte(stateMagic)) }

// Restore rebuilds a session saved by MarshalBinary on the same bank.
// prior, if not nil, replaces the default prior (it is not saved).
func Restore(b *Bank, data []byte, prior Prior) (*Session, error) {
	if !IsBinaryState(data) {
		return nil, errors.New("restore screening: not a saved screening state")
	}
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(data[len(stateMagic):])))
	if err != nil {
		return nil, fmt.Errorf("restore screening: %w", err)
	}
	d := decoder{buf: raw}
	id, scope, _ := strings.Cut(string(d.bytes()), "/")
	replay := false
	if d.err == nil && id != b.id {
		if scope == "" || scope != b.scope {
			return nil, fmt.Errorf("restore screening: state was saved on scope %s, this scope is %s (content or scope changed)", id, b.id)
		}
		// Same points and items, other parameters (a newer calibration):
		// the saved particles were weighed with the old ones, so a running
		// screening replays its answers under the new; a finished one keeps
		// its posterior (its result must not change overnight).
		replay = true
	}
	var cfg Config
	if cj := d.bytes(); d.err == nil {
		if err := json.Unmarshal(cj, &cfg); err != nil {
			return nil, fmt.Errorf("restore screening: config: %w", err)
		}
	}
	cfg.Prior = prior
	if cfg, err = cfg.withDefaults(); err != nil {
		return nil, fmt.Errorf("restore screening: %w", err)
	}
	src := &rand.PCG{}
	if rs := d.bytes(); d.err == nil {
		if err := src.UnmarshalBinary(rs); err != nil {
			return nil, fmt.Errorf("restore screening: generator: %w", err)
		}
	}
	s := alloc(b, cfg, src)
	s.stopped = string(d.bytes())
	pending := d.varint()
	n := d.uvarint()
	if d.err == nil && n > uint64(len(b.items)) {
		return nil, fmt.Errorf("restore screening: %d answers on a scope of %d items", n, len(b.items))
	}
	for range n {
		i, o := d.uvarint(), d.byte()
		switch {
		case d.err != nil:
		case i >= uint64(len(b.items)) || s.asked[i]:
			return nil, fmt.Errorf("restore screening: answer to item %d is out of the scope or repeated", i)
		case int(o) >= len(outcomeCodes):
			return nil, fmt.Errorf("restore screening: unknown outcome code %d", o)
		default:
			s.record(int(i), outcomeCodes[o])
		}
	}
	if d.err == nil && pending >= 0 {
		if pending >= int64(len(b.items)) || s.asked[pending] {
			return nil, fmt.Errorf("restore screening: pending item %d is unknown or already answered", pending)
		}
		s.pending, s.asked[pending] = int(pending), true
	}
	P, W := cfg.Particles, b.words
	if d.err == nil && len(d.buf) != P*W*8+P*2+P*8 && len(d.buf) != P*W*8+P*2+P*8+fitBytes {
		return nil, fmt.Errorf("restore screening: %d bytes of particles, want %d", len(d.buf), P*W*8+P*2+P*8)
	}
	if d.err != nil {
		return nil, fmt.Errorf("restore screening: %w", d.err)
	}
	if replay && s.stopped == "" {
		r, err := s.replayed()
		if r != nil {
			r.base = -1 // the stored particles are the old parameters': save them anew
		}
		return r, err
	}
	for i := range s.parts {
		s.parts[i] = binary.LittleEndian.Uint64(d.buf[8*i:])
	}
	d.buf = d.buf[8*len(s.parts):]
	for i := range s.comp {
		s.comp[i] = binary.LittleEndian.Uint16(d.buf[2*i:])
	}
	d.buf = d.buf[2*len(s.comp):]
	for i := range s.w {
		s.w[i] = math.Float64frombits(binary.LittleEndian.Uint64(d.buf[8*i:]))
	}
	s.fit.read(d.buf[8*len(s.w):])
	s.base = len(s.responses)
	if s.stopped == "" {
		// A live session computed these in Next before it was saved, and
		// its next answer's moves target the points they call uncertain.
		s.Marginals()
	}
	return s, nil
}

// replayed returns a new session on s's bank and config that has taken
// s's answers in order, with s's pending question and stop: what a
// restored state becomes when the item parameters changed since it was
// saved.
func (s *Session) replayed() (*Session, error) {
	cfg := s.cfg
	cfg.Prior = s.prior
	if s.prior == s.b.DefaultPrior(cfg.StudentGrade) {
		cfg.Prior = nil
	}
	r, err := NewSession(s.b, cfg)
	if err != nil {
		return nil, fmt.Errorf("restore screening: %w", err)
	}
	for _, x := range s.responses {
		r.replay(x.item, x.outcome)
	}
	if s.pending >= 0 {
		r.pending, r.asked[s.pending] = s.pending, true
	}
	r.stopped = s.stopped
	if r.stopped == "" {
		r.Marginals() // as Restore does
	}
	return r, nil
}

// decoder reads MarshalBinary's fields, keeping the first error.
type decoder struct {
	buf []byte
	err error
}

var errShort = errors.New("saved state is truncated")

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.buf)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.buf) == 0 {
		d.err = errShort
		return 0
	}
	b := d.buf[0]
	d.buf = d.buf[1:]
	return b
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.buf)) {
		d.err = errShort
		return nil
	}
	b := d.buf[:n]
	d.buf = d.buf[n:]
	return b
}
