-- A room serves one or more communities; rooms.community_id stays the
-- community that lends it. Supervisors (company employees) are assigned to
-- rooms and see the students of the communities their rooms serve.
CREATE TABLE room_communities (
    room_id      INTEGER NOT NULL REFERENCES rooms (id),
    community_id INTEGER NOT NULL REFERENCES communities (id),
    PRIMARY KEY (room_id, community_id)
);
CREATE INDEX room_communities_community ON room_communities (community_id);
INSERT INTO room_communities (room_id, community_id) SELECT id, community_id FROM rooms;

CREATE TABLE room_supervisors (
    room_id INTEGER NOT NULL REFERENCES rooms (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_supervisors_user ON room_supervisors (user_id);
-- Supervisors scoped by community until now keep that community's rooms.
INSERT INTO room_supervisors (room_id, user_id)
SELECT r.id, u.id FROM users u JOIN rooms r ON r.community_id = u.community_id WHERE u.role = 'supervisor';
