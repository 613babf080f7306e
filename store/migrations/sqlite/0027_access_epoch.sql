-- The access epoch counts changes to what an access decision reads: a
-- session's account, room and lifetime, an account, a student (consent,
-- community), a guardian link, a room's supervisors and communities, the
-- consent notice. An answer on a route that checks access at its write
-- (docs/api.md) may reuse the session and student a server read before,
-- at this epoch; its write commits only while the epoch is unchanged.
-- A session's sliding lifetime (last_seen, expires_at) is no such change:
-- a server that kept an older expiry only reads the session again.
CREATE TABLE access_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  INTEGER NOT NULL
);
INSERT INTO access_epoch (id, n) VALUES (1, 1);

CREATE TRIGGER sessions_access_del AFTER DELETE ON sessions BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER sessions_access_upd AFTER UPDATE OF token_hash, user_id, created_at, room_id, idle_ns ON sessions BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_access_upd AFTER UPDATE ON users BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER users_access_del AFTER DELETE ON users BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER students_access_upd AFTER UPDATE ON students BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER students_access_del AFTER DELETE ON students BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER guardians_access_ins AFTER INSERT ON guardians BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER guardians_access_upd AFTER UPDATE ON guardians BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER guardians_access_del AFTER DELETE ON guardians BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER room_supervisors_access_ins AFTER INSERT ON room_supervisors BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER room_supervisors_access_upd AFTER UPDATE ON room_supervisors BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER room_supervisors_access_del AFTER DELETE ON room_supervisors BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER room_communities_access_ins AFTER INSERT ON room_communities BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER room_communities_access_upd AFTER UPDATE ON room_communities BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER room_communities_access_del AFTER DELETE ON room_communities BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER consent_notices_access_ins AFTER INSERT ON consent_notices BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER consent_notices_access_upd AFTER UPDATE ON consent_notices BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER consent_notices_access_del AFTER DELETE ON consent_notices BEGIN UPDATE access_epoch SET n = n + 1 WHERE id = 1; END;
