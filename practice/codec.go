package practice

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
)

// stateMagic starts a binary state; a JSON state starts with '{'. Version
// 2 adds the grade and the supervisor's above-grade choice; version 1
// states (without them) still decode.
const (
	stateMagic   = "ZPS\x02"
	stateMagicV1 = "ZPS\x01"
	// headMagic starts a state written without its points; coreMagic one
	// written without its points and its seen items (MarshalHead);
	// pointMagic starts one point (MarshalPoint).
	headMagic  = "ZPS\x03"
	coreMagic  = "ZPS\x04"
	pointMagic = 'P'
)

// traceMark precedes State.Trace, the last field, written only when set.
const traceMark = 'T'

// MarshalBinary encodes the state compactly and without reflection: it is
// written with every answer, and JSON cost a third of an answer's CPU. The
// pending choice, one small value, stays JSON. A field added to State,
// Point or Seen must be added here too (TestCodecCoversFields checks).
func (s *State) MarshalBinary() ([]byte, error) {
	e, err := s.head(stateMagic, 48*len(s.Points))
	if err != nil {
		return nil, err
	}
	e.uint(uint64(len(s.Points)))
	for id, pt := range s.Points {
		e.str(id)
		e.point(pt)
	}
	e.seen(s.Seen)
	e.trace(s.Trace)
	return e.buf, nil
}

// MarshalHead encodes the state without its points and its seen items:
// both are kept apart, one record per point (MarshalPoint) and per item,
// so that an answer rewrites only the points it changed and the item it
// showed, and the head stays the same size however many items a student
// has answered (with the seen items in it, it grew by an item id with
// every new item). UnmarshalBinary decodes it with neither; HasPoints and
// HasSeen tell the encodings apart.
func (s *State) MarshalHead() ([]byte, error) {
	e, err := s.head(coreMagic, 0)
	if err != nil {
		return nil, err
	}
	e.trace(s.Trace)
	return e.buf, nil
}

// HasPoints reports whether an encoded state carries its points (JSON,
// MarshalBinary) rather than being a head without them (MarshalHead).
func HasPoints(data []byte) bool {
	return !bytes.HasPrefix(data, []byte(headMagic)) && !bytes.HasPrefix(data, []byte(coreMagic))
}

// HasSeen reports whether an encoded state carries its seen items, as
// every encoding but MarshalHead's does.
func HasSeen(data []byte) bool { return !bytes.HasPrefix(data, []byte(coreMagic)) }

// MarshalPoint encodes one point's state, for a state whose head is
// written with MarshalHead.
func MarshalPoint(pt *Point) []byte {
	e := encoder{buf: make([]byte, 0, 48)}
	e.buf = append(e.buf, pointMagic)
	e.point(pt)
	return e.buf
}

// UnmarshalPoint decodes a point written by MarshalPoint and checks it as
// a decoded state's points are checked.
func UnmarshalPoint(id string, data []byte) (*Point, error) {
	if len(data) == 0 || data[0] != pointMagic {
		return nil, fmt.Errorf("practice point %s: not an encoded point", id)
	}
	d := decoder{buf: data[1:]}
	pt := d.point()
	switch {
	case d.err != nil:
		return nil, fmt.Errorf("practice point %s: %w", id, d.err)
	case len(d.buf) > 0:
		return nil, fmt.Errorf("practice point %s: %d bytes after the end", id, len(d.buf))
	}
	return pt, validPoint(id, pt)
}

// head starts an encoding with magic and the state's fields other than
// its points and seen items.
func (s *State) head(magic string, room int) (*encoder, error) {
	pending := []byte{}
	if s.Pending != nil {
		var err error
		if pending, err = json.Marshal(s.Pending); err != nil {
			return nil, fmt.Errorf("practice state: pending choice: %w", err)
		}
	}
	e := &encoder{buf: make([]byte, 0, 64+room+24*len(s.Seen)+len(pending))}
	e.buf = append(e.buf, magic...)
	e.uint(uint64(s.Version))
	e.uint(uint64(s.Answered))
	e.uint(uint64(s.Correct))
	e.uint(uint64(s.SinceReview))
	e.str(s.Focus)
	e.uint(uint64(max(s.Grade, 0)))
	var sflags byte
	if s.AboveGrade {
		sflags |= 1
	}
	e.buf = append(e.buf, sflags)
	e.str(string(pending))
	return e, nil
}

func (e *encoder) seen(seen map[string]Seen) {
	e.uint(uint64(len(seen)))
	for id, sn := range seen {
		e.str(id)
		e.uint(uint64(sn.N))
		e.time(sn.At)
	}
}

// trace writes a history model's trace, the state's last field, after a
// mark and only when set: states without one are unchanged.
func (e *encoder) trace(t []byte) {
	if len(t) > 0 {
		e.buf = append(e.buf, traceMark)
		e.str(string(t))
	}
}

// point writes every field of a point.
func (e *encoder) point(pt *Point) {
	e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(pt.P))
	e.time(pt.At)
	var flags byte
	if pt.Mastered {
		flags |= 1
	}
	if pt.Lapsed {
		flags |= 2
	}
	if pt.Taught {
		flags |= 4
	}
	if pt.Path {
		flags |= 8
	}
	if pt.Gap {
		flags |= 16
	}
	if pt.Held {
		flags |= 32
	}
	e.buf = append(e.buf, flags)
	e.uint(uint64(pt.Stage))
	e.time(pt.Due)
	e.str(pt.Recent)
	e.str(pt.Via)
	e.uint(uint64(pt.Answers))
	e.uint(uint64(pt.Right))
}

// point reads what encoder.point wrote.
func (d *decoder) point() *Point {
	pt := &Point{P: math.Float64frombits(d.uint64()), At: d.time()}
	flags := d.byte()
	pt.Mastered, pt.Lapsed, pt.Taught, pt.Path, pt.Gap, pt.Held = flags&1 != 0, flags&2 != 0, flags&4 != 0, flags&8 != 0, flags&16 != 0, flags&32 != 0
	pt.Stage, pt.Due, pt.Recent, pt.Via = int(d.uint()), d.time(), d.str(), d.str()
	pt.Answers, pt.Right = int(d.uint()), int(d.uint())
	return pt
}

// IsBinaryState reports whether data was written by MarshalBinary rather
// than as JSON (states stored before the binary encoding).
func IsBinaryState(data []byte) bool {
	return bytes.HasPrefix(data, []byte(stateMagic)) || bytes.HasPrefix(data, []byte(stateMagicV1)) ||
		bytes.HasPrefix(data, []byte(headMagic)) || bytes.HasPrefix(data, []byte(coreMagic))
}

// UnmarshalBinary decodes a state written by MarshalBinary (or a head
// written by MarshalHead, with no points and no seen items) and checks it
// as UnmarshalJSON does.
func (s *State) UnmarshalBinary(data []byte) error {
	if !IsBinaryState(data) {
		return errors.New("practice state: not a binary state")
	}
	v1, core := bytes.HasPrefix(data, []byte(stateMagicV1)), bytes.HasPrefix(data, []byte(coreMagic))
	head := core || bytes.HasPrefix(data, []byte(headMagic))
	d := decoder{buf: data[len(stateMagic):]}
	st := State{Version: int(d.uint()), Answered: int(d.uint()), Correct: int(d.uint()), SinceReview: int(d.uint()), Focus: d.str()}
	if !v1 {
		st.Grade = int(d.uint())
		st.AboveGrade = d.byte()&1 != 0
	}
	if pending := d.str(); pending != "" && d.err == nil {
		st.Pending = &Choice{}
		if err := json.Unmarshal([]byte(pending), st.Pending); err != nil {
			return fmt.Errorf("practice state: pending choice: %w", err)
		}
	}
	var n int
	if !head {
		n = d.count()
	}
	st.Points = make(map[string]*Point, n)
	for range n {
		id := d.str()
		st.Points[id] = d.point()
	}
	n = 0
	if !core {
		n = d.count()
	}
	st.Seen = make(map[string]Seen, n)
	for range n {
		id := d.str()
		st.Seen[id] = Seen{N: int(d.uint()), At: d.time()}
	}
	if len(d.buf) > 0 && d.buf[0] == traceMark {
		d.buf = d.buf[1:]
		if st.Trace = []byte(d.str()); len(st.Trace) == 0 {
			st.Trace = nil
		}
	}
	switch {
	case d.err != nil:
		return fmt.Errorf("practice state: %w", d.err)
	case len(d.buf) > 0:
		return fmt.Errorf("practice state: %d bytes after the end", len(d.buf))
	}
	*s = st
	return s.valid()
}

type encoder struct{ buf []byte }

func (e *encoder) uint(v uint64) { e.buf = binary.AppendUvarint(e.buf, v) }
func (e *encoder) str(v string)  { e.uint(uint64(len(v))); e.buf = append(e.buf, v...) }

// time writes Unix nanoseconds, 0 for the zero time.
func (e *encoder) time(t time.Time) {
	var n int64
	if !t.IsZero() {
		n = t.UnixNano()
	}
	e.buf = binary.AppendVarint(e.buf, n)
}

// decoder reads what encoder wrote, keeping the first error.
type decoder struct {
	buf []byte
	err error
}

var errTruncated = errors.New("truncated")

func (d *decoder) fail() {
	if d.err == nil {
		d.err = errTruncated
	}
	d.buf = nil
}

func (d *decoder) uint() uint64 {
	v, n := binary.Uvarint(d.buf)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.buf = d.buf[n:]
	return v
}

// count reads a length, bounded by the bytes left (each entry takes at
// least one), so a corrupt length cannot allocate a huge map.
func (d *decoder) count() int {
	v := d.uint()
	if v > uint64(len(d.buf)) {
		d.fail()
		return 0
	}
	return int(v)
}

func (d *decoder) str() string {
	n := d.count()
	v := string(d.buf[:n])
	d.buf = d.buf[n:]
	return v
}

func (d *decoder) uint64() uint64 {
	if len(d.buf) < 8 {
		d.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(d.buf)
	d.buf = d.buf[8:]
	return v
}

func (d *decoder) byte() byte {
	if len(d.buf) < 1 {
		d.fail()
		return 0
	}
	v := d.buf[0]
	d.buf = d.buf[1:]
	return v
}

func (d *decoder) time() time.Time {
	v, n := binary.Varint(d.buf)
	if n <= 0 {
		d.fail()
		return time.Time{}
	}
	d.buf = d.buf[n:]
	if v == 0 {
		return time.Time{}
	}
	return time.Unix(0, v).UTC()
}
