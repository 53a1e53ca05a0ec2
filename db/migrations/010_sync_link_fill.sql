-- Team sync: linking a project queues every row of it in chunks, with the event loop free between them (one
-- INSERT … SELECT per table held the main process 12.8 s on the large inquiry). While a link's first fill has not
-- finished — the app was closed or killed in the middle — fill_pending stays 1 and the next sync runs the fill again
-- before it pushes (queuing is idempotent), so no row of a linked project is left out of the team's feed.
ALTER TABLE sync_links ADD COLUMN fill_pending INTEGER NOT NULL DEFAULT 0 CHECK (fill_pending IN (0, 1));
