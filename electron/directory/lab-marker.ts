// How a lab directory is told apart from a real one. scripts/lab-dc.mjs writes the marker object
// into every DC it provisions (and prints its DN in `env`); the lab seeder writes only into a
// directory that carries it, and tags each object it creates so it never deletes one it did not.

/** The marker object, directly under the base DN. */
export const LAB_MARKER_RDN = 'CN=DirSync Doctor Lab Marker';
/** The marker's adminDescription: a value no real directory carries by accident. */
export const LAB_MARKER_VALUE = 'dirsync-doctor-lab-dc: a disposable lab directory that DirSync Doctor may seed';
/** The tag on every user and OU the lab creates. */
export const LAB_OBJECT_TAG = 'dirsync-doctor-lab-object';
/**
 * Where the tag is: adminDescription (any object) and, on users, uid, which AD keeps on a deleted
 * object (preserve-on-delete), so an account the lab created, deleted and restored is still its own.
 */
export const LAB_TAG_ATTRIBUTES = ['adminDescription', 'uid'] as const;

export const labMarkerDn = (baseDn: string) => `${LAB_MARKER_RDN},${baseDn}`;
