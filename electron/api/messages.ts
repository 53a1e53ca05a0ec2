import type { ApiErrorBody, MessageParams, MessageRef } from './result.js';

/**
 * Every message the API can show a person, by id, in English. Errors keep their English `message` (the command
 * line and logs print it); identifyMessage finds the id and parameters behind it, so the UI shows the message in the
 * reader's language (renderer/src/i18n/{en,da}/api.ts has each id). `{name}` is a parameter; `{name:message}` is a
 * parameter that is itself a message (a record's name, a nested reason) and is translated in turn.
 * test/api/messages.test.ts fails when a message in electron/ has no id here, or an id has no English or Danish.
 */
export const MESSAGES = {
  // Words used inside other messages.
  'word.project': 'project',
  'word.inquiry': 'inquiry',
  'word.cycle': 'cycle',
  'word.phase_entry': 'phase entry',
  'word.field_note': 'field note',
  'word.stakeholder': 'stakeholder',
  'word.dialogue': 'dialogue',
  'word.turn': 'turn',
  'word.reflection': 'reflection',
  'word.code': 'code',
  'word.attachment': 'attachment',
  'word.team_member': 'team member',
  'word.guiding_prompt': 'guiding prompt',
  'word.field_note_stakeholder': 'field note’s stakeholder',
  'word.dialogue_participant': 'dialogue participant',
  'word.dialogue_turn': 'dialogue turn',
  'word.prompt_link': 'prompt link',
  'word.code_application': 'code application',
  'word.revision': 'revision',
  'word.trash_item': 'trash item',
  'word.backup': 'backup',
  'word.link': 'link',
  'word.coding': 'coding',
  'word.earlier_version': 'earlier version',
  'word.item_in_trash': 'item in the trash',
  'word.record': 'record',
  'word.unknown_problem': 'unknown problem',
  'word.code_name': 'A code name',
  'word.project_title': 'A project title',
  'word.pseudonym': 'A pseudonym',
  'plural.codes': 'codes',
  'plural.cycles': 'cycles',
  'plural.kinds_of_event': 'kinds of event',
  'plural.modes': 'modes',
  'plural.phases': 'phases',
  'plural.sectors': 'sectors',
  'plural.stakeholders': 'stakeholders',
  'plural.results': 'results',
  'plural.dialogues': 'dialogues',
  'plural.notes': 'notes',
  'plural.reflections': 'reflections',
  'plural.segments': 'segments',
  'plural.turn': 'turn',
  'plural.turns': 'turns',
  'zipwhy.no_name': 'it has no name',
  'zipwhy.backslash': 'it contains a backslash',
  'zipwhy.absolute': 'it is an absolute path',
  'zipwhy.drive': 'it starts with a drive letter',
  'zipwhy.control': 'it contains control characters',
  'zipwhy.climbs': 'it climbs out of the archive (“..”)',
  'zipwhy.segments': 'it has empty or “.” segments',
  'zipwhy.too_long': 'its name is too long',

  'described.cycle': 'cycle {number}',
  'described.cycle_titled': 'cycle {number} “{label}”',
  'described.labelled': '{what:message} “{label}”',

  // Steps of long work (jobs).
  'job.starting': 'Starting',
  'job.done': 'Done',
  'job.cancelled': 'Cancelled; nothing was changed',
  'job.checking_bundle': 'Checking the bundle',
  'job.importing_rows': 'Importing rows ({done} of {total})',
  'job.indexing': 'Indexing for the timeline and search',
  'job.reading_inquiry': 'Reading the inquiry',
  'job.packing': 'Packing the file',
  'job.building_report': 'Building the report ({done} of {total} cycles)',
  'job.rendering': 'Laying out the report',
  'job.printing': 'Printing the PDF',
  'job.verifying_backup': 'Checking the backup',
  'job.saving_current': 'Keeping a copy of the journal as it is',
  'job.restoring': 'Restoring the backup',
  'job.migrating': 'Bringing the backup up to date',
  'job.reading_file': 'Reading the file',
  'job.writing': 'Writing ({done} of {total})',
  'job.uploading': 'Sending the file ({done} of {total} bytes)',

  // The API's own answers.
  'api.unknown_channel': 'There is no API channel named {channel}.',
  'api.invalid_input': 'Invalid input.',
  'api.invalid_input_at': 'Invalid input: {path}: {detail:message}',
  'api.invalid_input_plain': 'Invalid input: {detail:message}',
  'api.internal': 'Withness could not complete this request. Nothing was changed.',
  'api.not_found': 'No {what:message} with id {id} exists (it may have been deleted).',
  'api.storage_failed': '{detail:message} Nothing was changed.',
  'api.storage_full': 'The disk is full, so this change could not be saved.',
  'api.storage_readonly': 'The journal file is read-only, so this change could not be saved.',
  'api.storage_ioerr': 'The journal file could not be written (input/output error).',
  'api.storage_cantopen': 'The journal file could not be opened for writing.',
  'api.storage_busy': 'The journal is busy in another window or program; try again in a moment.',
  'api.storage_corrupt': 'The journal file is damaged. Restore it from a backup.',
  'api.journal_not_open': 'The journal is not open.',
  'api.journal_intact': 'The journal is intact.',
  'api.journal_damaged': 'Withness found damage in the journal file and did not open it, so nothing more can be harmed ({detail}). Restore the newest good backup; the damaged file is kept beside it.',
  'api.job_unknown': 'No work with id {id} is known (it may have finished long ago).',
  'api.job_cancelled': 'The work was cancelled; nothing was changed.',
  'api.job_channel': 'This kind of work cannot run as a job.',
  'api.upload_unknown': 'No upload with id {id} is open (it may have been used or discarded).',
  'api.upload_offset': 'This piece starts at byte {offset}, but the upload has {received} bytes so far.',
  'api.upload_overflow': 'The pieces add up to more than the {size} bytes announced.',
  'api.upload_incomplete': 'The upload is incomplete: {received} of {size} bytes arrived.',
  'api.upload_piece_empty': 'The piece is empty.',
  'api.upload_piece_large': 'The piece is larger than 8 MB.',
  'api.upload_file_empty': 'The file is empty.',
  'api.upload_file_large': 'The file is larger than 256 MB.',
  'api.upload_tampered': 'The uploaded file was changed or damaged on disk before it was read. Send it again.',

  // Browser mode (the local bridge).
  'bridge.wrong_host': 'This server only answers requests addressed to itself.',
  'bridge.other_origin': 'Requests from other web pages are refused.',
  'bridge.get_only': 'Only GET is allowed for files.',
  'bridge.post_only': 'API calls use POST.',
  'bridge.token': 'Missing or wrong access token. Open Withness with the link the server printed.',
  'bridge.json_only': 'API calls must send JSON (Content-Type: application/json).',
  'bridge.too_large': 'The request is larger than {bytes} bytes.',
  'bridge.bad_json': 'The request body is not valid JSON.',
  'bridge.failed': 'The request failed inside Withness.',
  'bridge.no_file': 'No such file.',
  'bridge.unreachable': 'The Withness server cannot be reached.',
  'bridge.no_result': 'The server answered {status} without a result.',
  'bridge.not_window': 'This request did not come from the Withness window and was refused.',

  // Field rules (zod messages of the channels).
  'field.uuid': 'Expected an id (a UUID).',
  'field.datetime': 'Expected an ISO-8601 date and time.',
  'field.date': 'Expected a date as YYYY-MM-DD.',
  'field.max_chars': 'At most {max} characters.',
  'field.empty_title': '{what:message} cannot be empty.',
  'field.base64': 'Expected the file as base64.',
  'field.not_base64': 'Not valid base64.',
  'field.sha256': 'Expected a SHA-256 as 64 lowercase hex digits.',
  'field.colour': 'Expected a colour as #rrggbb.',
  'field.whole_number': 'Expected a whole number.',
  'field.json_strings': 'Expected a JSON array of strings.',
  'field.backup_name': 'Not the name of a Withness backup.',
  'field.at_most_things': 'At most {max} {things:message}.',
  'field.at_most_prompts': 'At most 10 prompts per phase.',
  'field.at_most_events_once': 'At most 10,000 events at once.',
  'field.at_most_events_time': 'At most {max} events at a time.',
  'field.at_most_per_page': 'At most {max} {things:message} per page.',
  'field.at_least_results': 'At least 1 result per page.',
  'field.at_most_cycles': 'At most 1000 cycles.',
  'field.at_most_ids': 'At most 500 ids.',
  'field.at_most_participants': 'At most 500 participants.',
  'field.at_most_names': 'At most 50 other names.',
  'field.file_name_needed': 'A file name is needed.',
  'field.media_type_needed': 'A media type is needed.',
  'field.file_type': 'Not an accepted file type.',
  'field.larger_20mb': 'Larger than 20 MB.',
  'field.contents_type': 'Contents do not match the media type.',
  'field.no_usable_chars': 'No usable characters.',
  'field.prompt_empty': 'A prompt cannot be empty.',
  'field.entry_empty': 'An entry cannot be empty.',
  'field.turn_text': 'A turn needs some text.',
  'field.turn_position': 'A turn has a position in its dialogue; no other event has one.',
  'field.turn_place': 'A place in the transcript starts at 0.',
  'field.passage_start': 'A passage cannot start before the text.',
  'field.passage_end': 'A passage must end after it starts.',
  'field.excerpt_start': 'An excerpt cannot start before the text.',
  'field.excerpt_end': 'An excerpt must end after it starts.',
  'field.passage_empty': 'The coded passage cannot be empty.',
  'field.quote_empty': 'The quoted passage cannot be empty.',
  'field.self_cite': 'A reflection cannot cite itself as its evidence.',
  'field.search_length': 'A search can be at most {max} characters long; search for a few words from the passage.',
  'field.end_before_start': 'The end date is before the start date.',
  'field.start_after_end': 'The start date must not be after the end date.',
  'field.window': 'The end of the time window must come after its start.',
  'field.choose_cycle': 'Choose at least one cycle, or leave cycles out for the whole inquiry.',
  'field.bundle_empty': 'The bundle is empty.',
  'field.bundle_large': 'The bundle is larger than 256 MB.',
  'field.qdpx_empty': 'The .qdpx file is empty.',
  'field.qdpx_large': 'The .qdpx file is larger than 256 MB.',
  'field.bundle_source': 'Send the bundle either as data_base64 or as an upload_id.',
  'field.passphrase_or_plain': 'Choose either a passphrase or a plain bundle, not both.',
  'field.passphrase_needed': 'A bundle is encrypted: give a passphrase of at least {min} characters, or ask for a plain bundle explicitly.',
  'field.passphrase_short': 'The passphrase must be at least {min} characters long (it has {length}).',
  'field.type_passphrase': 'Type the passphrase.',
  'field.type_recovery_key': 'Type the recovery key.',
  'field.recovery_key_length': 'A recovery key is 41 characters long.',
  'field.confirm_withdrawal': 'Withdrawal cannot be undone; confirm it.',
  // zod's own messages, by issue code, when a field has no message of its own.
  'zod.invalid_type': 'Expected {expected}.',
  'zod.too_small': 'Too small or too short (at least {minimum}).',
  'zod.too_big': 'Too large or too long (at most {maximum}).',
  'zod.invalid_format': 'Not in the expected format ({format}).',
  'zod.not_multiple_of': 'Not a multiple of {divisor}.',
  'zod.unrecognized_keys': 'Unknown fields: {keys}.',
  'zod.invalid_union': 'Not one of the accepted forms.',
  'zod.invalid_key': 'An invalid key.',
  'zod.invalid_element': 'An invalid element.',
  'zod.invalid_value': 'Not one of the accepted values.',
  'zod.custom': 'Not accepted.',

  // Records (handlers).
  'record.changed_elsewhere': 'This {what:message} was changed elsewhere (now revision {actual}, you edited revision {expected}). Reload it to see the newer text.',
  'record.cycle_not_inquiry': 'The chosen cycle does not belong to this inquiry (or is in the trash).',
  'record.stakeholders_not_inquiry': 'Some of the chosen stakeholders do not belong to this inquiry (or are in the trash).',
  'record.tags_not_inquiry': 'Some of the chosen tags do not belong to this inquiry (or are in the trash).',
  'record.parent_code_not_inquiry': 'The parent code does not belong to this inquiry (or is in the trash).',
  'record.code_in_itself': 'A code cannot be placed inside itself or inside one of its own sub-codes.',
  'record.would_nest_code': 'Would put the code inside itself.',
  'record.would_nest': 'Would put the {what:message} inside itself.',
  'record.file_name_unsafe': 'The file name is empty once unsafe characters are removed. Rename the file and try again.',
  'record.file_type_refused': 'Files of type {type} cannot be attached. Attach pictures, PDF, plain text, sound recordings or office documents.',
  'record.file_base64': 'The file could not be read: its contents did not arrive as valid base64.',
  'record.file_20mb': 'The file is larger than 20 MB. Attach a smaller or compressed copy.',
  'record.file_20mb_short': 'The file is larger than 20 MB.',
  'record.file_mismatch': 'The file does not look like {type}; it may be damaged or misnamed.',
  'record.version_unknown_kind': 'This earlier version is of a kind of record Withness does not know, so it cannot be restored.',
  'record.in_trash_restore_first': 'This record is in the trash; restore it from the trash first.',
  'record.that_in_trash': 'That {what:message} is in the trash; restore it first.',
  'record.container_in_trash': 'The {what:message} is in the trash; restore it first.',
  'record.container_gone': 'The {what:message} no longer exists.',
  'record.restore_gone': 'The {what:message} cannot be restored: its {container:message} no longer exists, and a {name:message} belongs to a {container2:message}.',
  'record.restore_gone_label': 'The {what:message} “{label}” cannot be restored: its {container:message} no longer exists, and a {name:message} belongs to a {container2:message}.',
  'record.restore_waits': 'The {what:message} cannot come back yet: its {described:message} is in the trash. Restore the {container:message} first, then the {name:message}.',
  'record.restore_waits_label': 'The {what:message} “{label}” cannot come back yet: its {described:message} is in the trash. Restore the {container:message} first, then the {name:message}.',
  'record.restore_version_refused': 'This earlier version of the {what:message} cannot be restored: it holds what Withness does not accept ({path}: {detail:message}).',
  'record.restore_trash_refused': 'The {what:message} “{label}” cannot be restored from the trash ({path}: {detail:message}).',
  'record.version_other_inquiry': 'The earlier version is filed under another inquiry.',
  'record.version_other_record': 'The earlier version of another {what:message}.',
  'record.version_no_record': 'Not a {what:message}: the earlier version holds no record.',
  'record.deleted_with_other': 'It was deleted together with records of another inquiry.',
  'record.attachment_other_inquiry': 'The attachment belongs to another inquiry than its trash item.',
  'record.record_other_inquiry': 'The record belongs to another inquiry than its trash item.',
  'record.belongs_other_inquiry': 'Belongs to another inquiry.',
  'record.not_of_inquiry': 'Not a {what:message} of this inquiry.',
  'record.not_code_of_inquiry': 'Not a code of this inquiry.',
  'record.not_cycle_of_inquiry': 'Not a cycle of this inquiry.',
  'record.not_participant': 'Not a participant of this dialogue.',
  'record.cycle_end_before_start': 'A cycle cannot end ({ended}) before it started ({started}).',
  'record.subcycle_inquiry': 'A sub-cycle must belong to the same inquiry as its parent cycle.',
  'record.parent_cycle_inquiry': 'The parent cycle belongs to another inquiry.',
  'record.cycle_other_inquiry': 'That cycle belongs to another inquiry; choose a cycle of this one.',
  'record.turn_other_dialogue': 'That turn belongs to another dialogue.',
  'record.turn_places': 'This dialogue has {count} {turns:message}, so a turn can move to places 0 to {last}.',
  'record.pseudonym_taken': 'Another stakeholder in this inquiry is already called “{name}”.',
  'record.pseudonym_taken_long': 'Another stakeholder in this inquiry is already called “{name}”. Choose a different pseudonym, so that turns and exports stay unambiguous.',
  'record.demo_exists': 'The fictional example inquiry “{title}” is already in this journal. Open it from the list, or move it to the trash first to create it again.',
  'record.cite_other_inquiry': 'That {what:message} belongs to another inquiry; a reflection can only cite evidence from its own inquiry.',
  'record.code_other_inquiry': 'That {what:message} belongs to another inquiry; codes can only be applied within their own inquiry.',
  'record.cite_in_trash': 'That {what:message} is in the trash. Restore it first to cite it.',
  'record.code_in_trash': 'That {what:message} is in the trash. Restore it first to code it.',
  'record.passage_changed': 'The passage does not match the {what:message}’s text at characters {start}–{end} (it may have changed). Select the passage again.',
  'record.passage_changed_ascii': "The passage does not match the {what:message}'s text at characters {start}–{end} (it may have changed). Select the passage again.",
  'record.quote_changed': "The quoted passage does not match the {what:message}'s text at characters {start}–{end} (it may have changed). Select the passage again.",
  'record.passage_too_long': 'The passage ends at character {end}, but the {what:message} is only {length} characters long.',
  'record.already_coded_passage': 'That passage is already coded “{code}”.',
  'record.already_coded_whole': 'This whole {what:message} is already coded “{code}”.',
  'record.already_cites_passage': 'This reflection already cites that passage.',
  'record.already_cites_whole': 'This reflection already cites this whole {what:message}.',

  // Backups and the journal.
  'backup.cannot_restore': 'This backup cannot be restored: {detail:message}',
  'backup.newer': 'This backup was made by a newer version of Withness and cannot be restored here.',
  'backup.not_verified': 'The backup could not be verified ({detail}). The journal itself is unchanged.',
  'journal.encrypted_locked': 'The journal is encrypted. Unlock it with its passphrase or its recovery key.',
  'journal.locked': 'The journal is locked.',
  'journal.not_locked': 'The journal is not locked.',
  'journal.no_journal': 'There is no journal yet: choose how it is locked.',
  'journal.already_encrypted': 'This journal is already encrypted.',
  'journal.already_set_up': 'This journal is already set up.',
  'journal.not_encrypted': 'This journal is not encrypted. Encrypt it first (in Settings, or with "withness encrypt").',
  'journal.keys_elsewhere': 'The journal keys are managed by the app, browser mode or the command line, not over a bare connection.',
  'journal.weak_keychain': "This computer's keychain does not protect secrets ({detail}), so the journal needs a passphrase.",
  'journal.choose_passphrase': 'Choose a passphrase: here it is what unlocks the journal.',
  'journal.current_passphrase': 'Type the current passphrase first.',
  'journal.other_key': 'That passphrase belongs to another key of this journal.',
  'journal.recovery_proof_passphrase': 'Type the current passphrase (or the current recovery key) first: a new recovery key voids the one on paper.',
  'journal.weak_passphrase': 'A passphrase needs at least {min} characters; a few words you will remember are best.',
  'journal.recovery_proof_key': 'Type the current recovery key first: a new recovery key voids the one on paper.',
  'journal.current_recovery_key': 'Type the current recovery key first.',
  'journal.not_encrypted_short': 'This journal is not encrypted; encrypt it first.',
  'erasure.needs_inquiry': 'An erasure needs the inquiry it belongs to.',
  'erasure.no_stakeholder': 'There is no stakeholder {id} (already erased, or never in this journal).',
  'erasure.no_stakeholder_here': 'There is no stakeholder {id} in this journal.',
  'erasure.backup_rewritten': 'Rewritten, vacuumed and verified.',
  'journal.key_right_page_damaged': 'The passphrase or recovery key is right, but the journal file does not open with its key: its first page is damaged. Restore the newest good backup; the damaged file is kept beside it.',
  'journal.restore_newest': 'Restore the newest good backup; the damaged file is kept beside it.',
  'journal.damaged_key_file_missing': '{damage:message} If this journal was encrypted, its key file ({file}) is missing: put it back beside the journal.',
  'journal.plain_beside_key_file': 'The journal file is not encrypted, but its key file ({file}) says it should be, so Withness did not open it. Restore a backup, or, if an encryption was interrupted, move the key file away and encrypt the journal again.',
  'journal.wrong_key': 'The key did not open the journal file: its first page is damaged, or the key belongs to another journal. Nothing was written.',

  // Bundles and archives.
  'bundle.manifest_invalid': "The bundle's manifest is not valid ({path}: {detail:message}).",
  'bundle.manifest_invalid_plain': "The bundle's manifest is not valid ({detail:message}).",
  'bundle.not_rows': '{path} in the bundle is not a list of rows.',
  'bundle.not_utf8': '{path} in the bundle is not valid UTF-8 text.',
  'bundle.not_json': '{path} in the bundle is not valid JSON.',
  'bundle.give_passphrase': 'This bundle is encrypted. Give the passphrase it was exported with. Nothing was imported.',
  'bundle.passphrase_too_long': 'The passphrase may be at most {max} characters long.',
  'bundle.kdf_failed': 'The key could not be derived from the passphrase ({detail}).',
  'bundle.kdf_outside': "This bundle's key derivation (scrypt N = 2^{n}, r = {r}, p = {p}) is outside what Withness accepts (N at least 2^{min}, at most 1 GiB of memory). Nothing was imported.",
  'bundle.chunk_outside': "This bundle's chunk size ({bytes} bytes) is outside what Withness accepts. Nothing was imported.",
  'bundle.not_encrypted': 'This file is not an encrypted Withness bundle.',
  'bundle.header_cut': 'The encrypted bundle is cut off: its header is incomplete. Nothing was imported.',
  'bundle.newer_encryption': 'This bundle was encrypted by a newer version of Withness (encryption format {version}; this version reads up to {current}). Update Withness to import it.',
  'bundle.unknown_scheme': 'This encrypted bundle uses a scheme this version of Withness does not know; it may be damaged. Nothing was imported.',
  'bundle.wrong_passphrase': 'The passphrase is wrong for this bundle (or its header was damaged). Check the passphrase with the person who exported it. Nothing was imported.',
  'bundle.content_cut': 'The encrypted bundle is cut off: it ends before its content. Nothing was imported.',
  'bundle.cut_after_export': 'The encrypted bundle is incomplete: it was cut off after export. Nothing was imported.',
  'bundle.part_damaged': 'The encrypted bundle is damaged, incomplete or was changed after export (part {part} does not match its authentication tag). Nothing was imported.',
  'bundle.erasure_log_invalid': '{path} in the bundle is not a valid erasure log.',
  'bundle.erasure_log_other': '{path} in the bundle names another inquiry.',
  'bundle.one_inquiry': 'A bundle must hold exactly one inquiry.',
  'bundle.too_large': 'This bundle is larger than {size}, more than Withness imports at once.',
  'bundle.encrypted_open_first': 'This bundle is encrypted: open it with its passphrase first (openBundleFile). Nothing was imported.',
  'bundle.no_manifest': 'This zip is not a Withness bundle: it has no manifest.json.',
  'bundle.not_bundle_manifest': 'This zip is not a Withness bundle: its manifest.json does not describe one.',
  'bundle.newer_format': 'This bundle was made by a newer version of Withness (bundle format {format}; this version reads up to {current}). Update Withness to import it.',
  'bundle.old_format': 'This bundle uses format {format}, which this version of Withness cannot read.',
  'bundle.newer_schema': 'This bundle comes from a journal saved by a newer version of Withness (schema {schema}; this version knows up to {supported}). Update Withness to import it.',
  'bundle.unknown_file': 'The bundle holds a file Withness does not know ({path}).',
  'bundle.orphan_file': 'The bundle holds a file that belongs to no attachment ({path}).',
  'bundle.unlisted_file': 'The bundle holds a file the manifest does not list ({path}); it may have been changed after export.',
  'bundle.unknown_table': 'The bundle holds a table Withness does not know ({name}).',
  'bundle.duplicate_row': 'The bundle holds the same {what:message} twice ({key}).',
  'bundle.missing_listed': 'The bundle is incomplete: {path} is listed in its manifest but missing.',
  'bundle.missing_table': 'The bundle is incomplete: it has no {path}.',
  'bundle.missing_attachment': 'The bundle is incomplete: the file of attachment “{name}” is missing.',
  'bundle.checksum': 'The file {path} in the bundle does not match its checksum: the bundle is damaged or was changed after export.',
  'bundle.attachment_checksum': 'The file of attachment “{name}” does not match its size or checksum.',
  'bundle.count_mismatch': 'The manifest says {table} has {declared} rows, but the bundle holds {rows}.',
  'bundle.row_other_inquiry': 'Row {row} of {table} belongs to another inquiry than the bundle\'s; a bundle holds one inquiry.',
  'bundle.row_invalid': 'Row {row} of {table} in the bundle is not a valid {what:message} ({detail:message}). Nothing was imported.',
  'bundle.row_invalid_at': 'Row {row} of {table} in the bundle is not a valid {what:message} ({path}: {detail:message}). Nothing was imported.',
  'bundle.row_dangling': 'Row {row} of {table} refers to a {what:message} ({id}) that is neither in the bundle nor in this inquiry. Nothing was imported.',
  'bundle.row_revision_refused': 'Row {row} of revisions in the bundle is an earlier version of a {what:message} that Withness would refuse to restore ({path}: {detail:message}). Nothing was imported.',
  'bundle.row_trash_group': 'Row {row} of trash_items in the bundle puts a {what:message} into a trash group of another inquiry in this journal, so restoring one would restore the other. Nothing was imported.',
  'bundle.row_elsewhere': 'The {what:message} {id} in the bundle already exists in another inquiry in this journal; nothing was imported.',
  'zip.not_zip': 'This file is not a zip archive, so it cannot be a Withness bundle.',
  'zip.incomplete': 'This file is not a complete zip archive (its table of contents is missing); it may be damaged or cut short.',
  'zip.toc_unreadable': 'This archive is damaged (its table of contents cannot be read).',
  'zip.toc_outside': 'This archive is damaged (its table of contents points outside the file).',
  'zip.over_4gb': 'A zip archive over 4 GB is not supported.',
  'zip.too_many': 'This archive has {count} entries; a bundle may have at most {max}.',
  'zip.bad_name': 'This archive has an entry whose name is not valid text.',
  'zip.unsafe_path': 'This archive has an entry with an unsafe path (“{name}”): {reason:message}. Nothing was imported.',
  'zip.no_entry': 'The archive has no entry “{name}”.',
  'zip.twice': 'This archive has the entry “{name}” twice.',
  'zip.too_big_total': 'This archive unpacks to more than {size}, which is more than a bundle may hold. Nothing was imported.',
  'zip.entry_too_big': 'The entry “{name}” is larger than {size} once unpacked, which is more than a bundle may hold in one file. Nothing was imported.',
  'zip.entry_cut': 'The entry “{name}” is cut short.',
  'zip.entry_size_unpacked': 'The entry “{name}” is damaged (it unpacks to a different size than it declares).',
  'zip.entry_size': 'The entry “{name}” is damaged (its size does not match).',
  'zip.entry_unpack': 'The entry “{name}” is damaged and cannot be unpacked.',
  'zip.entry_damaged': 'The entry “{name}” is damaged.',
  'zip.entry_encrypted': 'The entry “{name}” is encrypted; bundles are never encrypted.',
  'zip.entry_method': 'The entry “{name}” uses an unsupported compression method ({method}).',

  // Reports.
  'report.pdf_no_chromium': 'PDF export needs Chromium, which is not available here. Export HTML and print it from a browser instead.',
  'report.pdf_chromium_failed': 'PDF export needs Chromium at {path}, which could not be started. Install it (Debian: apt-get install chromium) or export HTML and print it from a browser.',

  // REFI-QDA (.qdpx) import.
  'qdpx.too_large': 'This .qdpx file is larger than {size}, more than Withness imports at once.',
  'qdpx.not_zip': 'This file is not a .qdpx project: a .qdpx is a zip archive, and this is not one.',
  'qdpx.no_qde': 'This zip is not a .qdpx project: it has no project.qde.',
  'qdpx.not_utf8': 'project.qde is not UTF-8 text, as REFI-QDA requires.',
  'qdpx.doctype': 'project.qde declares a document type or entities, which a REFI-QDA project never needs; Withness does not read such files.',
  'qdpx.invalid': 'project.qde is not a valid REFI-QDA project (Project.xsd): {detail}',
  'qdpx.not_xml': 'project.qde cannot be read as XML: {detail}.',
  'qdpx.not_project': 'project.qde is not a REFI-QDA project (its root is not a Project of urn:QDA-XML:project:1.0).',
  'qdpx.missing_source': '{label} names sources/{name}, which is not in the archive.',
  'qdpx.text_too_long': '{label} has more than {max} characters, more than Withness keeps in one text.',
  'qdpx.no_inquiry': 'There is no such inquiry to import into.',
  'qdpx.text_only': 'Withness imports text sources only.',
  'qdpx.no_schema': 'The REFI-QDA schema (Project.xsd) is missing from this installation of Withness.',
  'drafts.bad_key': 'Not a draft key.',
  'drafts.not_json': 'Not JSON.',

  // Team sync as a person meets it (the Team screen, Sync now, the command line's sync).
  'teamui.bad_url': 'The server address must look like postgres://host:5432/database (postgresql:// works too).',
  'teamui.password_in_url': 'Leave the password out of the server address: give it in the password field.',
  'teamui.bad_member': 'A member name is 1 to 63 letters, digits and _ . - @, as the administrator created it.',
  'teamui.no_password_given': 'Give the password of your member account on the team server.',
  'teamui.bad_ca': 'The CA certificate must be in PEM form (it starts with -----BEGIN CERTIFICATE-----).',
  'teamui.bad_table': 'Not a table that team sync carries.',
  'teamui.bad_hash': 'Expected a version hash (64 hexadecimal characters).',
  'teamui.member_needed': 'Give your member name, or put it in the server address (postgres://name@host:5432/database).',
  'teamui.not_member': 'The team server does not list {member} as a member of inquiry {inquiry}. Ask your administrator to add you (withness server add-member).',
  'teamui.linked_elsewhere': 'This inquiry is already linked to {server} as {member}. Unlink it first.',
  'teamui.not_linked': 'This inquiry is not linked to a team server. Connect it on the Team screen first.',
  'teamui.password_unknown':
    'Withness does not know the team server password for this inquiry. Enter it on the Team screen (on the command line: --password-file, WITHNESS_SYNC_PASSWORD or the prompt).',
  'teamui.step_erasures': 'Applying the team’s erasures ({done} of {total})',
  'teamui.step_erasures_open': 'Applying the team’s erasures ({done})',
  'teamui.step_push': 'Sending changes ({done} of {total})',
  'teamui.step_push_open': 'Sending changes ({done} so far)',
  'teamui.step_pull': 'Receiving changes ({done} of {total})',
  'teamui.step_pull_open': 'Receiving changes ({done} so far)',
  // The team server's answers (electron/team/server-connection.ts); {where} and {role} are the words below.
  'teamserver.where': 'the team server',
  'teamserver.where_at': 'the team server {address}',
  'teamserver.where_cap': 'The team server',
  'teamserver.where_at_cap': 'The team server {address}',
  'teamserver.role': 'the role {user}',
  'teamserver.role_cap': 'The role {user}',
  'teamserver.this_role': 'this role',
  'teamserver.this_role_cap': 'This role',
  'teamserver.sslmode_unencrypted': 'sslmode={mode} would connect without encryption here, without saying so. Use sslmode=verify-full (TLS with the server\'s certificate checked), or sslmode=disable only on a network you trust.',
  'teamserver.unreachable': '{where:message} cannot be reached ({reason}). Check the address and the network or VPN; your work stays on this computer and syncs when the server can be reached.',
  'teamserver.no_answer': '{where:message} did not answer in time. Check the address and the network or VPN; your work stays on this computer and syncs when the server can be reached.',
  'teamserver.connection_lost': 'The connection to {where:message} was lost ({reason}). Nothing half-done was kept on the server; try again when it can be reached.',
  'teamserver.wrong_password': '{where:message} refused the password for {role:message} (wrong password, or no such role).',
  'teamserver.password_needed': '{where:message} asks for a password for {role:message} and none was given.',
  'teamserver.not_member': '{role:message} is not a member of inquiry {inquiry} on {where:message}. The administrator adds it with "withness server add-member".',
  'teamserver.schema_missing': 'The team server\'s database has no Withness schema. An administrator sets it up with "withness server init".',
  'teamserver.schema_newer': 'The team server has Withness schema version {server_version}, newer than version {version} that this Withness knows. Update Withness to sync with it; nothing was changed.',
  'teamserver.schema_older': 'The team server has Withness schema version {server_version}; this Withness needs version {version}. An administrator updates the server with "withness server init"; nothing was changed.',
  'teamserver.refused': '{where:message} refused the request: {reason}',
  'teamserver.failed': '{where:message} reported a problem: {reason}',
  // The sync engine's refusals (electron/team: sync.ts, apply.ts, conflicts.ts).
  'teamsync.member_needed_link': 'A member name is needed to link an inquiry.',
  'teamsync.no_inquiry_here': 'No inquiry with id {id} exists in this journal.',
  'teamsync.already_linked': 'This inquiry is already linked to a team server.',
  'teamsync.already_here': 'This inquiry is already in this journal. Link it to the team server instead of joining it.',
  'teamsync.member_needed_join': 'A member name is needed to join an inquiry.',
  'teamsync.nothing_on_server': 'The inquiry {inquiry} has nothing on the team server yet: its first member has not synced it.',
  'teamsync.first_without_inquiry': 'The first changes of inquiry {inquiry} on the team server do not hold the inquiry itself; nothing was written.',
  'teamsync.blob_checksum': 'The file of attachment “{file}” on the team server does not match its checksum; nothing of this page was applied.',
  'teamsync.blob_missing': 'The file {sha}… of an attachment is not on the server; nothing of this page was applied.',
  'teamsync.change_where': 'Change {n} of the page ({table} {key})',
  'teamsync.unknown_table': '{where:message} names a table Withness does not sync. Nothing of this page was applied.',
  'teamsync.bad_hash': '{where:message} has no valid hash. Nothing of this page was applied.',
  'teamsync.bad_row': '{where:message} is not a valid row ({problem}). Nothing of this page was applied.',
  'teamsync.other_key': '{where:message} holds a row with another key. Nothing of this page was applied.',
  'teamsync.other_inquiry': '{where:message} belongs to another inquiry. Nothing of this page was applied.',
  'teamsync.no_table': 'There is no synced table called {table}.',
  'teamsync.no_conflict': 'This record has no open conflict (it may have been resolved already).',
  'teamsync.not_a_tip': 'That version is not one of the conflicting versions of this record.',
  'teamsync.merged_invalid': 'The merged record is not valid ({problem}).',
  'teamsync.merged_id': 'The merged record must keep the id of the record in conflict.',
  'teamsync.merged_inquiry': 'The merged record must stay in its inquiry.',
} as const;

export type MessageId = keyof typeof MESSAGES;

interface Compiled {
  id: MessageId;
  pattern: RegExp;
  names: { name: string; nested: boolean }[];
  /** Literal characters: the more a template spells out, the better its match. */
  weight: number;
}

let compiled: Compiled[] | undefined;

function compile(): Compiled[] {
  compiled ??= (Object.entries(MESSAGES) as [MessageId, string][])
    // zod's own messages are chosen by issue code (zodMessage), never guessed from text.
    .filter(([id]) => !id.startsWith('zod.'))
    .map(([id, template]) => {
      const names: Compiled['names'] = [];
      let source = '';
      let weight = 0;
      for (const part of template.split(/(\{[a-z0-9_]+(?::message)?\})/i)) {
        const placeholder = /^\{([a-z0-9_]+)(:message)?\}$/i.exec(part);
        if (placeholder) {
          names.push({ name: placeholder[1]!, nested: placeholder[2] !== undefined });
          source += '([\\s\\S]+?)';
        } else {
          source += part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          weight += part.length;
        }
      }
      return { id, pattern: new RegExp(`^${source}$`), names, weight };
    })
    .sort((a, b) => b.weight - a.weight);
  return compiled;
}

/** The id and parameters behind an English message, or undefined when the catalogue does not know it. */
export function identifyMessage(text: string, depth = 0): MessageRef | undefined {
  if (depth > 3) return undefined;
  for (const candidate of compile()) {
    const match = candidate.pattern.exec(text) ?? (text.endsWith('.') ? undefined : candidate.pattern.exec(`${text}.`));
    if (!match) continue;
    if (candidate.names.length === 0) return { id: candidate.id };
    const params: MessageParams = {};
    candidate.names.forEach(({ name, nested }, index) => {
      const value = match[index + 1]!;
      params[name] = (nested && identifyMessage(value, depth + 1)) || value;
    });
    return { id: candidate.id, params };
  }
  return undefined;
}

/** Adds message ids (and parameters) to an error body and its issues wherever the catalogue knows the message. */
export function withMessageIds(body: ApiErrorBody): ApiErrorBody {
  const ref = body.message_id ? undefined : identifyMessage(body.message);
  const issues = body.issues?.map((issue) => {
    if (issue.message_id) return issue;
    const known = identifyMessage(issue.message);
    return known ? { ...issue, message_id: known.id, ...(known.params ? { params: known.params } : {}) } : issue;
  });
  return {
    ...body,
    ...(ref ? { message_id: ref.id, ...(ref.params ? { params: ref.params } : {}) } : {}),
    ...(issues ? { issues } : {}),
  };
}

/** An issue zod reported in its own words: an id by its code, with the limits it names. */
export function zodMessage(issue: { code: string; expected?: unknown; minimum?: unknown; maximum?: unknown; format?: unknown; divisor?: unknown; keys?: unknown }): MessageRef {
  const id = `zod.${issue.code}`;
  if (!(id in MESSAGES)) return { id: 'zod.custom' };
  const params: MessageParams = {};
  for (const name of ['expected', 'minimum', 'maximum', 'format', 'divisor'] as const) {
    const value = issue[name];
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else if (typeof value === 'bigint') params[name] = Number(value);
  }
  if (Array.isArray(issue.keys)) params.keys = issue.keys.join(', ');
  return { id, params };
}
