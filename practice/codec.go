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
)

// traceMark precedes State.Trace, the last field, written only when set.
const traceMark = 'T'

// MarshalBinary encodes the state compactly and without reflection: it is
// written with every answer, and JSON cost a third of an answer's CPU. The
// pending choice, one small value, stays JSON. A field added to State,
// Point or Seen must be added here too (TestCodecCoversFields checks).
func (s *State) MarshalBinary() ([]byte, error) {
	pending := []byte{}
	if s.Pending != nil {
		var err error
		if pending, err = json.Marshal(s.Pending); err != nil {
			return nil, fmt.Errorf("practice state: pending choice: %w", err)
		}
	}
	e := encoder{buf: make([]byte, 0, 64+48*len(s.Points)+24*len(s.Seen)+len(pending))}
	e.buf = append(e.buf, stateMagic...)
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
	e.uint(uint64(len(s.Points)))
	for id, pt := range s.Points {
		e.str(id)
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
	e.uint(uint64(len(s.Seen)))
	for id, sn := range s.Seen {
		e.str(id)
		e.uint(uint64(sn.N))
		e.time(sn.At)
	}
	if len(s.Trace) > 0 { // a history model's trace, after a mark: states without one are unchanged
		e.buf = append(e.buf, traceMark)
		e.str(string(s.Trace))
	}
	return e.buf, nil
}

// IsBinaryState reports whether data was written by MarshalBinary rather
// than as JSON (states stored before the binary encoding).
func IsBinaryState(data []byte) bool {
	return bytes.HasPrefix(data, []byte(stateMagic)) || bytes.HasPrefix(data, []byte(stateMagicV1))
}

// UnmarshalBinary decodes a state written by MarshalBinary and checks it
// as UnmarshalJSON does.
func (s *State) UnmarshalBinary(data []byte) error {
	if !IsBinaryState(data) {
		return errors.New("practice state: not a binary state")
	}
	v2 := bytes.HasPrefix(data, []byte(stateMagic))
	d := decoder{buf: data[len(stateMagic):]}
	st := State{Version: int(d.uint()), Answered: int(d.uint()), Correct: int(d.uint()), SinceReview: int(d.uint()), Focus: d.str()}
	if v2 {
		st.Grade = int(d.uint())
		st.AboveGrade = d.byte()&1 != 0
	}
	if pending := d.str(); pending != "" && d.err == nil {
		st.Pending = &Choice{}
		if err := json.Unmarshal([]byte(pending), st.Pending); err != nil {
			return fmt.Errorf("practice state: pending choice: %w", err)
		}
	}
	n := d.count()
	st.Points = make(map[string]*Point, n)
	for range n {
		id := d.str()
		pt := &Point{P: math.Float64frombits(d.uint64()), At: d.time()}
		flags := d.byte()
		pt.Mastered, pt.Lapsed, pt.Taught, pt.Path, pt.Gap, pt.Held = flags&1 != 0, flags&2 != 0, flags&4 != 0, flags&8 != 0, flags&16 != 0, flags&32 != 0
		pt.Stage, pt.Due, pt.Recent, pt.Via = int(d.uint()), d.time(), d.str(), d.str()
		pt.Answers, pt.Right = int(d.uint()), int(d.uint())
		st.Points[id] = pt
	}
	n = d.count()
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
