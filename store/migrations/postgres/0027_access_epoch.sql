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
    n  BIGINT NOT NULL
);
INSERT INTO access_epoch (id, n) VALUES (1, 1);

CREATE FUNCTION access_epoch_bump() RETURNS trigger AS $$
BEGIN
    UPDATE access_epoch SET n = n + 1 WHERE id = 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER sessions_access AFTER DELETE OR UPDATE OF token_hash, user_id, created_at, room_id, idle_ns ON sessions
    FOR EACH ROW EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER users_access AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER students_access AFTER UPDATE OR DELETE ON students FOR EACH ROW EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER guardians_access AFTER INSERT OR UPDATE OR DELETE ON guardians FOR EACH ROW EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER room_supervisors_access AFTER INSERT OR UPDATE OR DELETE ON room_supervisors
    FOR EACH ROW EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER room_communities_access AFTER INSERT OR UPDATE OR DELETE ON room_communities
    FOR EACH ROW EXECUTE FUNCTION access_epoch_bump();
CREATE TRIGGER consent_notices_access AFTER INSERT OR UPDATE OR DELETE ON consent_notices
    FOR EACH ROW EXECUTE FUNCTION access_epoch_bump();
