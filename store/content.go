package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/curriculum"
)

// contentRow is a chapter, knowledge point or item version as stored: its
// canonical JSON (encoding/json of the curriculum struct, whose field
// order is fixed) and that JSON's SHA-256, which decides "changed".
type contentRow struct {
	id   string
	body []byte
	hash string
}

func newContentRow(id string, v any) (contentRow, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return contentRow{}, fmt.Errorf("encode %s: %w", id, err)
	}
	sum := sha256.Sum256(b)
	return contentRow{id: id, body: b, hash: hex.EncodeToString(sum[:])}, nil
}

// contentRows encodes a subject's chapters, knowledge points or items,
// refusing empty and repeated ids.
func contentRows[T any](subject string, xs []T, id func(*T) string) ([]contentRow, error) {
	rows := make([]contentRow, len(xs))
	seen := make(map[string]bool, len(xs))
	for i := range xs {
		x := &xs[i]
		k := id(x)
		switch {
		case k == "":
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.content_id_required", subject)
		case seen[k]:
			return nil, zhixi.Errorf(zhixi.EINVALID, "err.content_duplicate", k)
		}
		seen[k] = true
		r, err := newContentRow(k, x)
		if err != nil {
			return nil, zhixi.WrapError(zhixi.EINVALID, "err.invalid", err)
		}
		rows[i] = r
	}
	return rows, nil
}

// ImportSubject implements zhixi.ContentService. Chapters and knowledge
// points are updated in place (and dropped when gone); items are
// versioned: a changed item gets version n+1 and keeps its old versions,
// an item missing from the import is retired, not deleted, because
// attempts point at its versions.
func (db *DB) ImportSubject(ctx context.Context, subj *curriculum.Subject, now time.Time) (zhixi.ImportResult, error) {
	var res zhixi.ImportResult
	if subj == nil || blank(subj.ID) {
		return res, zhixi.Errorf(zhixi.EINVALID, "err.subject_id_required")
	}
	chapters, err := contentRows(subj.ID, subj.Chapters, func(c *curriculum.Chapter) string { return c.ID })
	if err != nil {
		return res, err
	}
	kps, err := contentRows(subj.ID, subj.KnowledgePoints, func(k *curriculum.KnowledgePoint) string { return k.ID })
	if err != nil {
		return res, err
	}
	items, err := contentRows(subj.ID, subj.Items, func(it *curriculum.Item) string { return it.ID })
	if err != nil {
		return res, err
	}
	if now.IsZero() {
		now = time.Now()
	}
	err = db.tx(ctx, func(h handle) error {
		_, err := h.exec(ctx, `INSERT INTO subjects (id, name, imported_at) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE subjects.name <> excluded.name`, subj.ID, subj.Name, now.UnixNano())
		if err != nil {
			return dbError(err, "import subject "+subj.ID)
		}
		if _, _, err := syncRows(ctx, h, "chapters", subj.ID, chapters); err != nil {
			return err
		}
		if res.KnowledgePointsAdded, res.KnowledgePointsChanged, err = syncRows(ctx, h, "knowledge_points", subj.ID, kps); err != nil {
			return err
		}
		return syncItems(ctx, h, subj.ID, items, now, &res)
	})
	if err != nil {
		return zhixi.ImportResult{}, err
	}
	db.log.Info("imported subject", "subject", subj.ID, "items_added", res.ItemsAdded,
		"items_changed", res.ItemsChanged, "items_unchanged", res.ItemsUnchanged,
		"kps_added", res.KnowledgePointsAdded, "kps_changed", res.KnowledgePointsChanged)
	return res, nil
}

// syncRows makes table (chapters or knowledge_points) hold exactly rows
// for subject, in order, and counts the rows added and changed.
func syncRows(ctx context.Context, h handle, table, subject string, rows []contentRow) (added, changed int, err error) {
	type stored struct {
		hash string
		seq  int
	}
	old, err := queryMap(ctx, h, "SELECT id, hash, seq FROM "+table+" WHERE subject_id = ?",
		func(r *sql.Rows) (string, stored, error) {
			var id string
			var s stored
			err := r.Scan(&id, &s.hash, &s.seq)
			return id, s, err
		}, subject)
	if err != nil {
		return 0, 0, dbError(err, "read "+table)
	}
	for seq, r := range rows {
		o, ok := old[r.id]
		delete(old, r.id)
		switch {
		case !ok:
			added++
			_, err = h.exec(ctx, "INSERT INTO "+table+" (subject_id, id, seq, hash, body) VALUES (?, ?, ?, ?, ?)",
				subject, r.id, seq, r.hash, string(r.body))
		case o.hash != r.hash || o.seq != seq:
			if o.hash != r.hash {
				changed++
			}
			_, err = h.exec(ctx, "UPDATE "+table+" SET seq = ?, hash = ?, body = ? WHERE subject_id = ? AND id = ?",
				seq, r.hash, string(r.body), subject, r.id)
		}
		if err != nil {
			return 0, 0, dbError(err, fmt.Sprintf("import %s %s", table, r.id))
		}
	}
	for id := range old {
		if _, err := h.exec(ctx, "DELETE FROM "+table+" WHERE subject_id = ? AND id = ?", subject, id); err != nil {
			return 0, 0, dbError(err, fmt.Sprintf("drop %s %s", table, id))
		}
	}
	return added, changed, nil
}

// syncItems stores new item versions and retires items no longer listed.
func syncItems(ctx context.Context, h handle, subject string, rows []contentRow, now time.Time, res *zhixi.ImportResult) error {
	type stored struct {
		version, seq int
		retired      bool
		hash         string
	}
	old, err := queryMap(ctx, h, `SELECT i.id, i.current_version, i.seq, i.retired, v.hash
		FROM items i JOIN item_versions v ON v.item_id = i.id AND v.version = i.current_version
		WHERE i.subject_id = ?`,
		func(r *sql.Rows) (string, stored, error) {
			var id string
			var s stored
			err := r.Scan(&id, &s.version, &s.seq, &s.retired, &s.hash)
			return id, s, err
		}, subject)
	if err != nil {
		return dbError(err, "read items")
	}
	addVersion := func(r contentRow, version int) error {
		_, err := h.exec(ctx, "INSERT INTO item_versions (item_id, version, hash, body, created_at) VALUES (?, ?, ?, ?, ?)",
			r.id, version, r.hash, string(r.body), now.UnixNano())
		return err
	}
	for seq, r := range rows {
		o, ok := old[r.id]
		delete(old, r.id)
		switch {
		case !ok:
			res.ItemsAdded++
			// DO NOTHING keeps the transaction usable (PostgreSQL aborts it
			// on a constraint error) so the owner can be named.
			var n int64
			n, err = rowsAffected(h.exec(ctx, `INSERT INTO items (id, subject_id, seq, current_version, retired)
				VALUES (?, ?, ?, 1, FALSE) ON CONFLICT (id) DO NOTHING`, r.id, subject, seq))
			if err == nil && n == 0 {
				var other string
				if err := h.queryRow(ctx, "SELECT subject_id FROM items WHERE id = ?", r.id).Scan(&other); err != nil {
					return dbError(err, "import item "+r.id)
				}
				e := zhixi.Errorf(zhixi.ECONFLICT, "err.item_other_subject", r.id, other)
				e.Err = fmt.Errorf("import item %s: the id belongs to subject %s", r.id, other)
				return e
			}
			if err == nil {
				err = addVersion(r, 1)
			}
		case o.hash != r.hash:
			res.ItemsChanged++
			if err = addVersion(r, o.version+1); err == nil {
				_, err = h.exec(ctx, "UPDATE items SET current_version = ?, seq = ?, retired = FALSE WHERE id = ?",
					o.version+1, seq, r.id)
			}
		default:
			res.ItemsUnchanged++
			if o.seq != seq || o.retired {
				_, err = h.exec(ctx, "UPDATE items SET seq = ?, retired = FALSE WHERE id = ?", seq, r.id)
			}
		}
		if err != nil {
			return dbError(err, "import item "+r.id)
		}
	}
	for id, o := range old {
		if o.retired {
			continue
		}
		if _, err := h.exec(ctx, "UPDATE items SET retired = TRUE WHERE id = ?", id); err != nil {
			return dbError(err, "retire item "+id)
		}
	}
	return nil
}

// queryMap reads rows into a map keyed by what scan returns.
func queryMap[V any](ctx context.Context, h handle, query string, scan func(*sql.Rows) (string, V, error), args ...any) (map[string]V, error) {
	rows, err := h.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]V{}
	for rows.Next() {
		k, v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, rows.Err()
}

// Subject implements zhixi.ContentService: the subject as last imported,
// each item at its current version, retired items left out.
func (db *DB) Subject(ctx context.Context, id string) (*curriculum.Subject, error) {
	s := &curriculum.Subject{ID: id}
	err := db.readTx(ctx, func(h handle) error {
		if err := h.queryRow(ctx, "SELECT name FROM subjects WHERE id = ?", id).Scan(&s.Name); err != nil {
			return notFound(err, "subject "+id, "err.subject_not_found")
		}
		var err error
		if s.Chapters, err = decodeBodies[curriculum.Chapter](ctx, h,
			"SELECT body FROM chapters WHERE subject_id = ? ORDER BY seq", id); err != nil {
			return err
		}
		if s.KnowledgePoints, err = decodeBodies[curriculum.KnowledgePoint](ctx, h,
			"SELECT body FROM knowledge_points WHERE subject_id = ? ORDER BY seq", id); err != nil {
			return err
		}
		s.Items, err = decodeBodies[curriculum.Item](ctx, h, `SELECT v.body FROM items i
			JOIN item_versions v ON v.item_id = i.id AND v.version = i.current_version
			WHERE i.subject_id = ? AND i.retired = FALSE ORDER BY i.seq`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// decodeBodies runs a query returning JSON bodies and decodes each.
func decodeBodies[T any](ctx context.Context, h handle, query string, args ...any) ([]T, error) {
	rows, err := h.query(ctx, query, args...)
	return collect(rows, err, func(r *sql.Rows, v *T) error {
		var body string
		if err := r.Scan(&body); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(body), v); err != nil {
			return fmt.Errorf("decode stored content: %w", err)
		}
		return nil
	})
}

// SubjectIDs implements zhixi.ContentService.
func (db *DB) SubjectIDs(ctx context.Context) ([]string, error) {
	rows, err := db.reader().query(ctx, "SELECT id FROM subjects ORDER BY id")
	return collect(rows, err, func(r *sql.Rows, id *string) error { return r.Scan(id) })
}

// ItemVersions implements zhixi.ContentService. Retired items are
// included, as in ItemVersion.
func (db *DB) ItemVersions(ctx context.Context) (map[string]int, error) {
	vs, err := queryMap(ctx, db.reader(), "SELECT id, current_version FROM items", func(r *sql.Rows) (id string, v int, err error) {
		err = r.Scan(&id, &v)
		return id, v, err
	})
	return vs, dbError(err, "item versions")
}

// ItemVersion implements zhixi.ContentService. A retired item still has a
// version: its last one.
func (db *DB) ItemVersion(ctx context.Context, itemID string) (int, error) {
	var v int
	if err := db.reader().queryRow(ctx, "SELECT current_version FROM items WHERE id = ?", itemID).Scan(&v); err != nil {
		return 0, notFound(err, "item version "+itemID, "err.item_not_found")
	}
	return v, nil
}

// ItemAt implements zhixi.ContentService.
func (db *DB) ItemAt(ctx context.Context, itemID string, version int) (*curriculum.Item, error) {
	items, err := decodeBodies[curriculum.Item](ctx, db.reader(),
		"SELECT body FROM item_versions WHERE item_id = ? AND version = ?", itemID, version)
	switch {
	case err != nil:
		return nil, err
	case len(items) == 0:
		return nil, zhixi.Errorf(zhixi.ENOTFOUND, "err.item_not_found", itemID, version)
	}
	return &items[0], nil
}
