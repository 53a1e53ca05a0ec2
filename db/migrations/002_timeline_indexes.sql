-- Indexes for the timeline and the project overview at scale (issue 7). Indexes only: no table,
-- column or trigger changes, so the generator's set-wise fill stays identical to the triggers.

-- Density per event type over a large window counts each bucket's events of one type on this index
-- alone (no event row is read); the types filter narrows on it too.
CREATE INDEX events_type_time ON events (project_id, entity_type, occurred_at);

-- The overview's counts per cycle, kind and phase, over live events only (events holds live rows).
CREATE INDEX events_cycle_type ON events (cycle_id, entity_type, phase);

-- "Reflections not yet linked to evidence": the live links of a reflection, and the live reflections.
CREATE INDEX prompt_links_live_reflection ON prompt_links (reflection_id) WHERE deleted_at IS NULL;
CREATE INDEX reflections_live ON reflections (project_id, id) WHERE deleted_at IS NULL;

-- The timeline's bands: each cycle's phase spans (first, last, count) read from the index alone.
CREATE INDEX events_cycle_phase_time ON events (cycle_id, phase, occurred_at);
