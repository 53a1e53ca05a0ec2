/**
 * The review page's one stylesheet and one script, inlined into the exported HTML and allowed there by
 * hash. The script reads the JSON data block and builds everything with createElement / textContent /
 * setAttribute — never innerHTML — so no text from the journal can become markup.
 */

export const REVIEW_STYLE = `
:root {
  --paper: #f7f5f0; --surface: #fffdf8; --sunken: #efebe2; --ink: #23211c; --ink-soft: #5b574d; --line: #ddd6c8;
  --accent: #2f6b5a; --accent-soft: #dcebe5; --focus: #b4571f;
  --plan: #3d6fa8; --act: #b7791f; --observe: #6b8e3a; --reflect: #8455a0;
  --t-field_note: #2f6b5a; --t-dialogue: #b4571f; --t-phase_entry: #5b574d; --t-reflection: #8455a0;
  --body: 'Iowan Old Style', 'Palatino Linotype', Palatino, Georgia, 'DejaVu Serif', serif;
  --ui: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif;
  color-scheme: light;
}
@media (prefers-color-scheme: dark) {
  :root {
    --paper: #1b1a17; --surface: #24221e; --sunken: #161513; --ink: #ece7dc; --ink-soft: #c2bbad; --line: #3b3832;
    --accent: #7cc3ab; --accent-soft: #223a33; --focus: #f0a36b;
    --plan: #8db4e2; --act: #e5b25c; --observe: #a9cd78; --reflect: #c59ee0;
    --t-field_note: #7cc3ab; --t-dialogue: #f0a36b; --t-phase_entry: #c2bbad; --t-reflection: #c59ee0;
    color-scheme: dark;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 1rem/1.6 var(--ui); }
.top { padding: 1.5rem clamp(1rem, 4vw, 3rem) 1rem; border-bottom: 1px solid var(--line); background: var(--surface); }
.eyebrow { margin: 0; color: var(--ink-soft); font-size: .8rem; letter-spacing: .06em; text-transform: uppercase; }
h1 { margin: .25rem 0 .5rem; font: 600 clamp(1.5rem, 3vw, 2.2rem)/1.2 var(--body); }
h2 { font: 600 1.2rem/1.3 var(--body); margin: 1.5rem 0 .5rem; }
h3 { font: 600 1.15rem/1.3 var(--body); margin: .25rem 0 .5rem; }
.concern { max-width: 70ch; margin: 0 0 .75rem; color: var(--ink-soft); font-family: var(--body); }
.notice { display: inline-block; margin: 0; padding: .35rem .75rem; border-radius: 6px; font-size: .9rem; background: var(--accent-soft); }
.notice--real { background: #f7e1de; color: #6b1f19; }
main { padding: 0 clamp(1rem, 4vw, 3rem) 3rem; }
.controls { display: flex; flex-wrap: wrap; align-items: center; gap: .75rem 1.5rem; padding: 1rem 0; border-bottom: 1px solid var(--line); }
fieldset { display: flex; flex-wrap: wrap; gap: .25rem 1rem; border: 0; margin: 0; padding: 0; align-items: center; }
legend { float: left; margin-right: .75rem; font-weight: 600; }
.type-option { display: inline-flex; align-items: center; gap: .35rem; cursor: pointer; }
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: 50%; }
.swatch--field_note { background: var(--t-field_note); }
.swatch--dialogue { background: var(--t-dialogue); border-radius: 2px; }
.swatch--phase_entry { background: var(--t-phase_entry); border-radius: 0; clip-path: polygon(50% 0, 100% 100%, 0 100%); }
.swatch--reflection { background: var(--t-reflection); transform: rotate(45deg) scale(.85); border-radius: 1px; }
select, button, input { font: inherit; color: inherit; }
select { margin-left: .35rem; padding: .25rem .5rem; border: 1px solid var(--line); border-radius: 6px; background: var(--surface); }
.count { margin: 0 0 0 auto; color: var(--ink-soft); font-size: .9rem; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(18rem, 26rem); grid-template-rows: auto 1fr; column-gap: 1.5rem; align-items: start; }
.timeline-wrap { grid-column: 1; grid-row: 1; min-width: 0; }
.list-wrap { grid-column: 1; grid-row: 2; min-width: 0; }
.details { grid-column: 2; grid-row: 1 / span 2; }
@media (max-width: 900px) {
  .layout { grid-template-columns: minmax(0, 1fr); grid-template-rows: none; }
  .timeline-wrap, .list-wrap, .details { grid-column: 1; grid-row: auto; }
  .details { position: static; max-height: none; }
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.hint { margin: 0 0 .5rem; color: var(--ink-soft); font-size: .9rem; }
.timeline { width: 100%; overflow-x: auto; background: var(--surface); border: 1px solid var(--line); border-radius: 12px; }
.timeline svg { display: block; }
.axis-line { stroke: var(--line); }
.tick { stroke: var(--line); }
.tick-label, .lane-label, .band-label { fill: var(--ink-soft); font: 12px var(--ui); }
.band-label { fill: var(--ink); font-weight: 600; }
.lane-bg { fill: var(--sunken); opacity: .45; }
.cycle-band { fill: var(--accent-soft); stroke: var(--accent); stroke-opacity: .5; }
.phase-band { opacity: .75; }
.phase--plan { fill: var(--plan); } .phase--act { fill: var(--act); } .phase--observe { fill: var(--observe); } .phase--reflect { fill: var(--reflect); }
.mark { cursor: pointer; }
.mark--field_note .shape { fill: var(--t-field_note); }
.mark--dialogue .shape { fill: var(--t-dialogue); }
.mark--phase_entry .shape { fill: var(--t-phase_entry); }
.mark--reflection .shape { fill: var(--t-reflection); }
.mark .shape { stroke: var(--surface); stroke-width: 1.5; }
.mark:hover .shape, .mark--linked .shape { stroke: var(--ink); }
.mark--selected .shape { stroke: var(--focus); stroke-width: 3; }
.mark:focus { outline: none; }
.mark:focus-visible .shape { stroke: var(--focus); stroke-width: 3; }
.link { fill: none; stroke: var(--t-reflection); stroke-opacity: .22; stroke-width: 1.2; }
.link--active { stroke-opacity: .95; stroke-width: 2.2; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .5rem 0 0; color: var(--ink-soft); font-size: .85rem; }
.legend span { display: inline-flex; align-items: center; gap: .35rem; }
.legend .phase-swatch { width: 1.2rem; height: .6rem; border-radius: 2px; display: inline-block; }
.phase-swatch--plan { background: var(--plan); } .phase-swatch--act { background: var(--act); }
.phase-swatch--observe { background: var(--observe); } .phase-swatch--reflect { background: var(--reflect); }
.list { list-style: none; margin: 0; padding: 0; border-top: 1px solid var(--line); }
.list li { border-bottom: 1px solid var(--line); }
.list button { display: grid; grid-template-columns: 12rem 7.5rem minmax(0, 1fr); gap: .75rem; width: 100%; padding: .5rem .25rem; border: 0; background: none; text-align: left; cursor: pointer; }
.list button:hover { background: var(--sunken); }
.list button[aria-current="true"] { background: var(--accent-soft); }
.list .when, .list .kind { color: var(--ink-soft); font-size: .9rem; }
.list .label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
@media (max-width: 640px) { .list button { grid-template-columns: minmax(0, 1fr); gap: 0; } }
button:focus-visible, select:focus-visible, input:focus-visible, .details:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.details { position: sticky; top: 1rem; max-height: calc(100vh - 2rem); overflow: auto; margin-top: 1.5rem; padding: 1rem 1.25rem; background: var(--surface); border: 1px solid var(--line); border-radius: 12px; }
.details h2 { margin-top: 0; }
.details .empty { color: var(--ink-soft); }
.details .meta { margin: 0 0 .5rem; color: var(--ink-soft); font-size: .9rem; }
.details .text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: var(--body); font-size: 1.02rem; }
.details ol.turns { padding-left: 1.25rem; }
.details ol.turns li { margin: .35rem 0; overflow-wrap: anywhere; }
.details ol.turns li.cited { background: var(--accent-soft); border-radius: 4px; padding: 0 .25rem; }
.details .speaker { font-weight: 600; }
.details ul.links { list-style: none; padding: 0; margin: 0; }
.details ul.links li { margin: 0 0 .75rem; padding-left: .75rem; border-left: 3px solid var(--t-reflection); }
.details blockquote { margin: .25rem 0; font-family: var(--body); font-style: italic; overflow-wrap: anywhere; }
.details .comment { margin: .15rem 0; color: var(--ink-soft); font-size: .9rem; }
.linkish { padding: 0; border: 0; background: none; color: var(--accent); text-decoration: underline; cursor: pointer; text-align: left; }
`;

export const REVIEW_SCRIPT = `
(function () {
  'use strict';
  var source = document.getElementById('review-data');
  var data = JSON.parse(source ? source.textContent || '{}' : '{}');
  var SVG = 'http://www.w3.org/2000/svg';
  var TYPES = [
    { key: 'phase_entry', label: 'Phase entries', one: 'Phase entry' },
    { key: 'field_note', label: 'Field notes', one: 'Field note' },
    { key: 'dialogue', label: 'Dialogues', one: 'Dialogue' },
    { key: 'reflection', label: 'Reflections', one: 'Reflection' }
  ];
  var PHASES = { plan: 'Plan', act: 'Act', observe: 'Observe', reflect: 'Reflect' };
  var events = data.events || [];
  var cycles = data.cycles || [];
  var links = data.links || [];
  var byId = {};
  events.forEach(function (event) { byId[event.id] = event; });
  var cycleById = {};
  cycles.forEach(function (cycle) { cycleById[cycle.id] = cycle; });
  var state = { types: {}, cycle: '', selected: null };
  TYPES.forEach(function (type) { state.types[type.key] = true; });

  var dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  var dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
  var monthYear = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
  function time(value) { var t = Date.parse(value); return isNaN(t) ? 0 : t; }
  function when(value) { return dateTime.format(new Date(time(value))); }
  function typeOf(key) { for (var i = 0; i < TYPES.length; i++) if (TYPES[i].key === key) return TYPES[i]; return TYPES[0]; }
  function cycleName(id) {
    var cycle = cycleById[id];
    if (!cycle) return '';
    return 'Cycle ' + cycle.ordinal + (cycle.title ? ': ' + cycle.title : '');
  }
  function el(name, attributes, text) {
    var node = document.createElement(name);
    if (attributes) Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, String(attributes[key])); });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function inCycle(event) {
    if (!state.cycle) return true;
    var id = event.cycle_id;
    while (id) {
      if (id === state.cycle) return true;
      id = cycleById[id] ? cycleById[id].parent_id : null;
    }
    return false;
  }
  function visible() { return events.filter(function (event) { return state.types[event.type] && inCycle(event); }); }
  function linksOf(id) { return links.filter(function (link) { return link.reflection_id === id || link.event_id === id; }); }

  // Filters.
  var typesBox = document.getElementById('types');
  TYPES.forEach(function (type) {
    var count = events.filter(function (event) { return event.type === type.key; }).length;
    var label = el('label', { class: 'type-option' });
    var box = el('input', { type: 'checkbox', checked: 'checked', 'data-type': type.key });
    box.addEventListener('change', function () { state.types[type.key] = box.checked; render(); });
    label.appendChild(box);
    label.appendChild(el('span', { class: 'swatch swatch--' + type.key, 'aria-hidden': 'true' }));
    label.appendChild(document.createTextNode(type.label + ' (' + count + ')'));
    typesBox.appendChild(label);
  });
  var cycleSelect = document.getElementById('cycle');
  cycles.forEach(function (cycle) { cycleSelect.appendChild(el('option', { value: cycle.id }, (cycle.parent_id ? '— ' : '') + cycleName(cycle.id))); });
  cycleSelect.addEventListener('change', function () { state.cycle = cycleSelect.value; render(); });

  var legend = document.getElementById('legend');
  Object.keys(PHASES).forEach(function (phase) {
    var item = el('span');
    item.appendChild(el('span', { class: 'phase-swatch phase-swatch--' + phase }));
    item.appendChild(document.createTextNode(PHASES[phase]));
    legend.appendChild(item);
  });

  // Timeline.
  var box = document.getElementById('timeline');
  function range(shown) {
    var times = [];
    shown.forEach(function (event) { times.push(time(event.at)); });
    cycles.forEach(function (cycle) {
      if (state.cycle && cycle.id !== state.cycle) return;
      if (cycle.start) times.push(time(cycle.start));
      if (cycle.end) times.push(time(cycle.end));
    });
    if (times.length === 0) { var now = Date.now(); return [now - 864e5 * 15, now + 864e5 * 15]; }
    var min = Math.min.apply(null, times), max = Math.max.apply(null, times);
    var pad = Math.max((max - min) * 0.03, 864e5);
    return [min - pad, max + pad];
  }
  function ticks(min, max) {
    var result = [];
    var months = (max - min) / (864e5 * 30.4);
    var step = months > 48 ? 12 : months > 24 ? 6 : months > 10 ? 3 : 1;
    var date = new Date(min);
    date = new Date(date.getFullYear(), date.getMonth() + 1, 1);
    while (date.getTime() <= max && result.length < 200) {
      if (date.getMonth() % step === 0) result.push(date.getTime());
      date = new Date(date.getFullYear(), date.getMonth() + 1, 1);
    }
    if (result.length === 0) result.push(min + (max - min) / 2);
    return result;
  }
  var positions = {};
  function draw(shown) {
    clear(box);
    positions = {};
    var width = Math.max(box.clientWidth || 800, 640);
    var left = 118, right = 20, axis = 30, cycleRow = 30, phaseRow = 14, laneHeight = 46;
    var lanes = TYPES.filter(function (type) { return state.types[type.key]; });
    var top = axis + cycleRow + phaseRow + 16;
    var height = top + lanes.length * laneHeight + 12;
    var r = range(shown);
    var x = function (t) { return left + ((t - r[0]) / (r[1] - r[0])) * (width - left - right); };
    var root = svg('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'Timeline of ' + shown.length + ' events' });

    ticks(r[0], r[1]).forEach(function (t) {
      root.appendChild(svg('line', { class: 'tick', x1: x(t), x2: x(t), y1: axis - 6, y2: height - 8 }));
      var label = svg('text', { class: 'tick-label', x: x(t) + 3, y: axis - 10 });
      label.textContent = monthYear.format(new Date(t));
      root.appendChild(label);
    });
    root.appendChild(svg('line', { class: 'axis-line', x1: left, x2: width - right, y1: axis, y2: axis }));

    var cyclesLabel = svg('text', { class: 'lane-label', x: 8, y: axis + 20 });
    cyclesLabel.textContent = 'Cycles';
    root.appendChild(cyclesLabel);
    var phasesLabel = svg('text', { class: 'lane-label', x: 8, y: axis + cycleRow + 11 });
    phasesLabel.textContent = 'Phases';
    root.appendChild(phasesLabel);
    cycles.forEach(function (cycle) {
      if (!cycle.start || (state.cycle && cycle.id !== state.cycle && cycle.parent_id !== state.cycle)) return;
      var x1 = Math.max(left, x(time(cycle.start)));
      var x2 = Math.min(width - right, x(time(cycle.end || cycle.start) + 864e5));
      if (x2 <= left || x1 >= width - right) return;
      var inset = cycle.parent_id ? 6 : 0;
      var band = svg('rect', { class: 'cycle-band', x: x1, y: axis + 4 + inset, width: Math.max(x2 - x1, 3), height: cycleRow - 8 - inset, rx: 5 });
      var tip = svg('title');
      tip.textContent = cycleName(cycle.id) + (cycle.focus ? ' — ' + cycle.focus : '');
      band.appendChild(tip);
      root.appendChild(band);
      if (x2 - x1 > 60) {
        var name = svg('text', { class: 'band-label', x: x1 + 6, y: axis + 20 });
        var text = 'Cycle ' + cycle.ordinal + (cycle.title ? ': ' + cycle.title : '');
        var fits = Math.floor((x2 - x1 - 12) / 7);
        name.textContent = text.length > fits ? text.slice(0, Math.max(fits - 1, 1)) + '…' : text;
        root.appendChild(name);
      }
      (cycle.phases || []).forEach(function (band) {
        var p1 = x(time(band.start)), p2 = Math.max(x(time(band.end)), p1 + 4);
        var rect = svg('rect', { class: 'phase-band phase--' + band.phase, x: p1, y: axis + cycleRow, width: p2 - p1, height: phaseRow - 4, rx: 2 });
        var tipText = svg('title');
        tipText.textContent = cycleName(cycle.id) + ' · ' + PHASES[band.phase];
        rect.appendChild(tipText);
        root.appendChild(rect);
      });
    });

    var linkLayer = svg('g', { class: 'links' });
    root.appendChild(linkLayer);
    var markLayer = svg('g');
    lanes.forEach(function (type, index) {
      var y0 = top + index * laneHeight;
      root.insertBefore(svg('rect', { class: 'lane-bg', x: left, y: y0 + 3, width: width - left - right, height: laneHeight - 6, rx: 6 }), linkLayer);
      var label = svg('text', { class: 'lane-label', x: 8, y: y0 + laneHeight / 2 + 4 });
      label.textContent = type.label;
      root.insertBefore(label, linkLayer);
      var placed = [];
      shown.filter(function (event) { return event.type === type.key; }).forEach(function (event) {
        var cx = x(time(event.at));
        var level = 0;
        for (var attempt = 0; attempt < 5; attempt++) {
          level = attempt === 0 ? 0 : (attempt % 2 ? 1 : -1) * Math.ceil(attempt / 2);
          var clash = placed.some(function (p) { return p.level === level && Math.abs(p.x - cx) < 11; });
          if (!clash) break;
        }
        placed.push({ x: cx, level: level });
        var cy = y0 + laneHeight / 2 + level * 8;
        positions[event.id] = { x: cx, y: cy };
        var mark = svg('g', { class: 'mark mark--' + event.type, tabindex: '0', role: 'button', 'data-id': event.id,
          'aria-label': type.one + ', ' + when(event.at) + ': ' + event.label });
        var shape;
        if (event.type === 'field_note') shape = svg('circle', { class: 'shape', cx: cx, cy: cy, r: 6.5 });
        else if (event.type === 'dialogue') shape = svg('rect', { class: 'shape', x: cx - 6, y: cy - 6, width: 12, height: 12, rx: 2 });
        else if (event.type === 'phase_entry') shape = svg('polygon', { class: 'shape', points: (cx - 7) + ',' + (cy + 6) + ' ' + (cx + 7) + ',' + (cy + 6) + ' ' + cx + ',' + (cy - 7) });
        else shape = svg('polygon', { class: 'shape', points: cx + ',' + (cy - 8) + ' ' + (cx + 8) + ',' + cy + ' ' + cx + ',' + (cy + 8) + ' ' + (cx - 8) + ',' + cy });
        var tip = svg('title');
        tip.textContent = when(event.at) + ' — ' + event.label;
        mark.appendChild(tip);
        mark.appendChild(shape);
        mark.addEventListener('click', function () { select(event.id, false); });
        mark.addEventListener('keydown', function (key) {
          if (key.key === 'Enter' || key.key === ' ') { key.preventDefault(); select(event.id, false); }
        });
        markLayer.appendChild(mark);
      });
    });
    root.appendChild(markLayer);

    links.forEach(function (link) {
      var a = positions[link.reflection_id], b = positions[link.event_id];
      if (!a || !b) return;
      var mid = (a.y + b.y) / 2 - Math.min(40, Math.abs(a.x - b.x) / 4);
      linkLayer.appendChild(svg('path', { class: 'link', 'data-r': link.reflection_id, 'data-e': link.event_id, d: 'M' + a.x + ',' + a.y + ' Q' + (a.x + b.x) / 2 + ',' + mid + ' ' + b.x + ',' + b.y }));
    });
    box.appendChild(root);
    markState();
  }
  function markState() {
    var related = {};
    if (state.selected) linksOf(state.selected).forEach(function (link) { related[link.reflection_id] = true; related[link.event_id] = true; });
    Array.prototype.forEach.call(box.querySelectorAll('.mark'), function (mark) {
      var id = mark.getAttribute('data-id');
      mark.classList.toggle('mark--selected', id === state.selected);
      mark.classList.toggle('mark--linked', id !== state.selected && !!related[id]);
    });
    Array.prototype.forEach.call(box.querySelectorAll('.link'), function (path) {
      var on = !!state.selected && (path.getAttribute('data-r') === state.selected || path.getAttribute('data-e') === state.selected);
      path.classList.toggle('link--active', on);
    });
  }

  // The list.
  var list = document.getElementById('list');
  function drawList(shown) {
    clear(list);
    shown.forEach(function (event) {
      var item = el('li');
      var button = el('button', { type: 'button', 'data-id': event.id });
      if (event.id === state.selected) button.setAttribute('aria-current', 'true');
      button.appendChild(el('span', { class: 'when' }, when(event.at)));
      button.appendChild(el('span', { class: 'kind' }, typeOf(event.type).one));
      button.appendChild(el('span', { class: 'label' }, event.label));
      button.addEventListener('click', function () { select(event.id, false); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  // Details.
  var details = document.getElementById('details');
  function eventButton(id, fallback) {
    var target = byId[id];
    var button = el('button', { type: 'button', class: 'linkish' }, target ? typeOf(target.type).one + ': ' + target.label : fallback);
    button.addEventListener('click', function () { select(id, true); });
    return button;
  }
  function drawDetails() {
    clear(details);
    details.appendChild(el('h2', { id: 'details-heading' }, 'Details'));
    var event = state.selected ? byId[state.selected] : null;
    if (!event) {
      details.appendChild(el('p', { class: 'empty' }, 'Nothing selected yet. Choose a mark on the timeline or an event in the list.'));
      return;
    }
    details.appendChild(el('p', { class: 'meta' }, typeOf(event.type).one + ' · ' + when(event.at)));
    details.appendChild(el('h3', null, event.label));
    var place = [cycleName(event.cycle_id), event.phase ? PHASES[event.phase] : '', event.meta].filter(Boolean).join(' · ');
    if (place) details.appendChild(el('p', { class: 'meta' }, place));
    if (event.participants && event.participants.length) details.appendChild(el('p', { class: 'meta' }, 'With ' + event.participants.join(', ')));
    if (event.text) details.appendChild(el('div', { class: 'text' }, event.text));
    var cited = {};
    links.forEach(function (link) { if (link.event_id === event.id && link.turn_id) cited[link.turn_id] = true; });
    if (event.turns && event.turns.length) {
      details.appendChild(el('h3', null, 'Transcript'));
      var turns = el('ol', { class: 'turns' });
      event.turns.forEach(function (turn) {
        var item = el('li', cited[turn.id] ? { class: 'cited' } : null);
        item.appendChild(el('span', { class: 'speaker' }, turn.speaker + ': '));
        item.appendChild(document.createTextNode(turn.text));
        turns.appendChild(item);
      });
      details.appendChild(turns);
    }
    var mine = linksOf(event.id);
    var outgoing = mine.filter(function (link) { return link.reflection_id === event.id; });
    var incoming = mine.filter(function (link) { return link.event_id === event.id; });
    function linkList(title, items, other) {
      if (!items.length) return;
      details.appendChild(el('h3', null, title));
      var ul = el('ul', { class: 'links' });
      items.forEach(function (link) {
        var li = el('li');
        li.appendChild(eventButton(other(link), 'An event not in this page'));
        if (link.turn_id && event.type === 'reflection') {
          var target = byId[link.event_id];
          var turn = target && target.turns ? target.turns.filter(function (t) { return t.id === link.turn_id; })[0] : null;
          if (turn && !link.quote) li.appendChild(el('blockquote', null, turn.speaker + ': ' + turn.text));
        }
        if (link.quote) li.appendChild(el('blockquote', null, '“' + link.quote + '”'));
        if (link.comment) li.appendChild(el('p', { class: 'comment' }, link.comment));
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
    linkList('Prompted by', outgoing, function (link) { return link.event_id; });
    linkList('Prompted these reflections', incoming, function (link) { return link.reflection_id; });
  }

  function select(id, focusDetails) {
    state.selected = id;
    markState();
    Array.prototype.forEach.call(list.querySelectorAll('button'), function (button) {
      if (button.getAttribute('data-id') === id) button.setAttribute('aria-current', 'true');
      else button.removeAttribute('aria-current');
    });
    drawDetails();
    var chosen = byId[id];
    if (chosen) document.getElementById('announce').textContent = 'Details: ' + typeOf(chosen.type).one + ', ' + chosen.label;
    if (focusDetails) details.focus();
  }

  var status = document.getElementById('count');
  function render() {
    var shown = visible();
    status.textContent = 'Showing ' + shown.length + ' of ' + events.length + ' events';
    draw(shown);
    drawList(shown);
    drawDetails();
  }
  var pending = 0;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () { draw(visible()); }, 120);
  });
  render();
})();
`;
