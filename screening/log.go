package screening

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// CheckpointEvery is how many answers a stored answer log may hold: Save
// writes the whole state (MarshalBinary, some 15–40 KB for a school
// subject) at most once in so many answers, and in between only the
// answers since, a few bytes each. Restoring then takes up to
// CheckpointEvery-1 answers again, which is the cost of a request that
// misses a server's cache; the usual request finds its session cached.
const CheckpointEvery = 8

// logMagic starts an answer log written by Save.
const logMagic = "ZSL\x01"

// Save returns what to store after the session changed. state is the
// whole session (MarshalBinary) when a checkpoint is due: at the first
// save, after the screening stopped, or when CheckpointEvery answers were
// taken since the last whole state; otherwise state is nil and the stored
// state stays as it is. log is never nil: the answers since the whole state
// and the pending question, which RestoreLog takes again. Save counts the
// state as stored, so a session whose save was not committed must be
// dropped, not saved again. A stopped screening is saved whole because its
// result must not change: a logged answer would be taken again under the
// item parameters of the day (see Restore), the whole state keeps the
// posterior it ended with.
func (s *Session) Save() (state, log []byte, err error) {
	if s.base < 0 || s.stopped != "" || len(s.responses)-s.base >= CheckpointEvery {
		if state, err = s.MarshalBinary(); err != nil {
			return nil, nil, err
		}
		s.base = len(s.responses)
	}
	log = append([]byte(nil), logMagic...)
	log = binary.AppendUvarint(log, uint64(s.base))
	log = binary.AppendUvarint(log, uint64(len(s.responses)-s.base))
	for _, r := range s.responses[s.base:] {
		log = binary.AppendUvarint(log, uint64(r.item))
		log = append(log, byte(slices.Index(outcomeCodes[:], r.outcome)))
	}
	return state, binary.AppendVarint(log, int64(s.pending)), nil
}

// RestoreLog rebuilds a session from a whole state (MarshalBinary) and the
// answer log Save wrote after it (empty or nil: none), taking the logged
// answers again: the session is the one that was saved, as if it had
// never left memory. prior, if not nil, replaces the default prior.
func RestoreLog(b *Bank, state, log []byte, prior Prior) (*Session, error) {
	s, err := Restore(b, state, prior)
	if err != nil || len(log) == 0 {
		return s, err
	}
	if !bytes.HasPrefix(log, []byte(logMagic)) {
		return nil, errors.New("restore screening: not a saved answer log")
	}
	d := decoder{buf: log[len(logMagic):]}
	base, n := d.uvarint(), d.uvarint()
	switch {
	case d.err != nil:
		return nil, fmt.Errorf("restore screening: log: %w", d.err)
	case base != uint64(len(s.responses)):
		return nil, fmt.Errorf("restore screening: the log follows %d answers, the state holds %d", base, len(s.responses))
	case n > uint64(len(b.items)) || s.stopped != "" && n > 0:
		return nil, fmt.Errorf("restore screening: log of %d answers after a state of %d (stopped %q)", n, base, s.stopped)
	}
	if s.pending >= 0 {
		s.asked[s.pending], s.pending = false, -1
	}
	for range n {
		i, o := d.uvarint(), d.byte()
		switch {
		case d.err != nil:
			return nil, fmt.Errorf("restore screening: log: %w", d.err)
		case i >= uint64(len(b.items)) || s.asked[i]:
			return nil, fmt.Errorf("restore screening: logged answer to item %d is out of the scope or repeated", i)
		case int(o) >= len(outcomeCodes):
			return nil, fmt.Errorf("restore screening: unknown outcome code %d", o)
		}
		s.replay(int(i), outcomeCodes[o])
	}
	pending := d.varint()
	switch {
	case d.err != nil:
		return nil, fmt.Errorf("restore screening: log: %w", d.err)
	case len(d.buf) != 0:
		return nil, fmt.Errorf("restore screening: %d bytes after the log", len(d.buf))
	case pending < -1 || pending >= int64(len(b.items)) || pending >= 0 && s.asked[pending]:
		return nil, fmt.Errorf("restore screening: pending item %d is unknown or already answered", pending)
	case pending >= 0:
		s.pending, s.asked[pending] = int(pending), true
	}
	if s.stopped == "" {
		s.Marginals() // as the live session's Next did
	}
	return s, nil
}
