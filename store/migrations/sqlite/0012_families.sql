-- Families without SMS or e-mail, the consent lifecycle and tablet sign-in.

-- The privacy notice guardians consent to; every edit is a new version.
CREATE TABLE consent_notices (
    version    INTEGER PRIMARY KEY,
    purpose    TEXT NOT NULL,
    kept       TEXT NOT NULL,
    place      TEXT NOT NULL,
    retention  TEXT NOT NULL,
    access     TEXT NOT NULL,
    rights     TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by INTEGER NOT NULL DEFAULT 0
);
INSERT INTO consent_notices (version, purpose, kept, place, retention, access, rights, created_at) VALUES (1,
 '为孩子进行一次免费的 AI 知识点筛查与解读，并在智习室进行自适应练习，帮助家长了解孩子的薄弱点和学习路径。',
 '孩子的姓名、年级、出生年月（不含日期），筛查和练习的作答记录与掌握情况；监护人的姓名、与孩子的关系，以及自愿留下的联系电话（只用于社区联系）。',
 '保存在街道和社区指定的服务器上的数据库中，不出境，不提供给第三方，不用于广告。',
 '作答记录在孩子最后一次到访后保存 3 年，到期删除；邀请码和登录码过期即删除。',
 '监护人本人；孩子所在社区的工作人员；孩子所用智习室的督学；公司管理员。街道只看到不含姓名的统计数字。每一次查看都有审计记录。',
 '监护人可以随时在手机上撤回同意，撤回后立即停止筛查和练习；可以申请导出孩子的全部数据，也可以申请删除，社区工作人员确认后删除个人信息。',
 0);

-- Each consent names the notice version, who gave it and how.
CREATE TABLE consents (
    id             INTEGER PRIMARY KEY,
    student_id     INTEGER NOT NULL REFERENCES students (id),
    notice_version INTEGER NOT NULL REFERENCES consent_notices (version),
    method         TEXT NOT NULL CHECK (method IN ('app', 'paper')),
    guardian_id    INTEGER REFERENCES users (id),
    guardian_name  TEXT NOT NULL DEFAULT '',
    recorded_by    INTEGER REFERENCES users (id),
    paper_ref      TEXT NOT NULL DEFAULT '',
    paper_date     INTEGER,
    at             INTEGER NOT NULL,
    withdrawn_at   INTEGER,
    withdrawn_by   INTEGER REFERENCES users (id)
);
CREATE INDEX consents_student ON consents (student_id, at);
INSERT INTO consents (student_id, notice_version, method, guardian_id, at)
SELECT id, 1, 'app', consent_by, consent_at FROM students WHERE consent_at IS NOT NULL;

ALTER TABLE students ADD COLUMN consent_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE students ADD COLUMN withdrawn_at INTEGER;
UPDATE students SET consent_version = 1 WHERE consent_at IS NOT NULL;

-- A guardian's phone number, kept only as a contact.
ALTER TABLE users ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';

-- Invitations: a one-time code (only its hash) for a guardian.
CREATE TABLE invitations (
    id            INTEGER PRIMARY KEY,
    code_hash     TEXT NOT NULL UNIQUE,
    community_id  INTEGER NOT NULL REFERENCES communities (id),
    guardian_name TEXT NOT NULL,
    relation      TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    created_by    INTEGER NOT NULL REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    used_at       INTEGER,
    used_by       INTEGER REFERENCES users (id)
);
CREATE INDEX invitations_community ON invitations (community_id, created_at);
CREATE TABLE invitation_students (
    invitation_id INTEGER NOT NULL REFERENCES invitations (id),
    student_id    INTEGER NOT NULL REFERENCES students (id),
    PRIMARY KEY (invitation_id, student_id)
);

-- Tablet sign-in codes: 6 digits, 10 minutes, once.
CREATE TABLE tablet_codes (
    code_hash  TEXT PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students (id),
    room_id    INTEGER NOT NULL REFERENCES rooms (id),
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

-- A tablet session belongs to a room and has its own idle lifetime.
ALTER TABLE sessions ADD COLUMN room_id INTEGER REFERENCES rooms (id);
ALTER TABLE sessions ADD COLUMN idle_ns INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_room ON sessions (room_id);
