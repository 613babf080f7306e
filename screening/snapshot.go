package screening

import (
	"fmt"
)

// Snapshot is a session's serialisable state: its scope fingerprint,
// configuration and answer log. Resuming replays the log with the same
// seed, which reproduces the posterior exactly (the engine draws random
// numbers only from the seeded generator and never iterates a map), so
// the snapshot stays a few hundred bytes instead of the particle set.
type Snapshot struct {
	Version   int        `json:"version"`
	Bank      string     `json:"bank"`
	Config    Config     `json:"config"`
	Responses []Response `json:"responses"`
	Pending   string     `json:"pending,omitempty"`
	Stopped   string     `json:"stopped,omitempty"`
}

const snapshotVersion = 1

// Snapshot returns the session's state for storage.
func (s *Session) Snapshot() Snapshot {
	snap := Snapshot{Version: snapshotVersion, Bank: s.b.id, Config: s.cfg, Responses: []Response{}, Stopped: s.stopped}
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
	if snap.Bank != b.id {
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
		s.apply(i, r.Outcome)
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
