// The shipped demo roster as text, bundled into the Worker (wrangler.toml's Text rule for .csv), so an
// empty D1 database gets it the way `npm start` seeds an empty SQLite file.
import CONTACTS_CSV from '../../data/demo-contacts.csv';
import ROSTER_CSV from '../../data/roster.csv';

export { CONTACTS_CSV, ROSTER_CSV };
