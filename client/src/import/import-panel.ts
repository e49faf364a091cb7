// The map page's import panel: a button in the page's bar opens a dialog where an analyst drops the
// files they already have (Annex A, CIN census, SSDA903 or an events CSV), names the dataset, sees the
// upload progress and the import's report, and opens the new dataset on the map. It needs nothing
// from the map: main.ts only mounts it (so it works even when no dataset is loaded yet).
import { FORMAT_LABELS, datasetNameFrom, guessFormat, type UploadFormat } from './formats.js';
import { renderReport } from './report-view.js';
import { uploadFiles, type ChosenFile } from './upload.js';
import './import.css';

const DATASET_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export function mountImportPanel(bar: HTMLElement | null = document.querySelector('.bar')): HTMLDialogElement {
  const open = document.createElement('button');
  open.type = 'button';
  open.id = 'import-open';
  open.textContent = 'Import files…';
  open.setAttribute('aria-haspopup', 'dialog');
  // before the signed-in person's control, when the page has one
  if (bar) bar.insertBefore(open, bar.querySelector('.session-control'));
  else document.body.append(open);

  const dialog = document.createElement('dialog');
  dialog.id = 'import-panel';
  dialog.setAttribute('aria-labelledby', 'import-title');
  dialog.innerHTML = `
    <form method="dialog" class="import-head">
      <h2 id="import-title">Import files</h2>
      <button type="submit" class="import-close" aria-label="Close">×</button>
    </form>
    <p class="import-intro">Drop the files you already produce: the <b>Annex A</b> workbook (or its lists as CSV), <b>CIN census</b> XML, <b>SSDA903</b> header and episodes CSVs (several years at once), or an events CSV. Files of several formats become one dataset, children matched on their identifier.</p>
    <div class="import-drop" id="import-drop" tabindex="-1">
      <p>Drop files here, or <button type="button" id="import-choose">choose files</button></p>
      <input type="file" id="import-input" multiple accept=".xlsx,.xml,.csv,.txt" hidden />
    </div>
    <ul id="import-files" class="import-files" aria-label="Files to import"></ul>
    <div class="import-options">
      <label>Dataset name <input type="text" id="import-name" maxlength="64" pattern="[A-Za-z0-9_\\-]{1,64}" required spellcheck="false" /></label>
      <label class="import-lenient"><input type="checkbox" id="import-lenient" /> Import the readable rows even if some rows cannot be read</label>
      <button type="button" id="import-go" class="import-go" disabled>Import</button>
    </div>
    <div id="import-progress" class="import-progress" role="status" aria-live="polite"></div>
    <div id="import-result"></div>`;
  document.body.append(dialog);

  const q = <T extends HTMLElement>(id: string): T => dialog.querySelector<T>(`#${id}`)!;
  const drop = q<HTMLDivElement>('import-drop');
  const input = q<HTMLInputElement>('import-input');
  const list = q<HTMLUListElement>('import-files');
  const name = q<HTMLInputElement>('import-name');
  const go = q<HTMLButtonElement>('import-go');
  const progress = q<HTMLDivElement>('import-progress');
  const result = q<HTMLDivElement>('import-result');
  const chosen: ChosenFile[] = [];
  let nameTouched = false;

  const refresh = (): void => {
    list.replaceChildren(
      ...chosen.map((c, i) => {
        const li = document.createElement('li');
        const select = document.createElement('select');
        select.setAttribute('aria-label', `Format of ${c.file.name}`);
        for (const [value, label] of Object.entries(FORMAT_LABELS)) select.append(new Option(label, value, false, value === c.format));
        select.addEventListener('change', () => (c.format = select.value as UploadFormat));
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = 'Remove';
        remove.setAttribute('aria-label', `Remove ${c.file.name}`);
        remove.addEventListener('click', () => {
          chosen.splice(i, 1);
          refresh();
        });
        const label = document.createElement('span');
        label.className = 'import-file-name';
        label.textContent = `${c.file.name} (${(c.file.size / 1024).toLocaleString('en-GB', { maximumFractionDigits: 0 })} KB)`;
        li.append(label, select, remove);
        return li;
      }),
    );
    if (!nameTouched && chosen.length > 0) name.value = datasetNameFrom(chosen[0]!.file.name);
    go.disabled = chosen.length === 0;
  };

  const add = async (files: FileList | File[]): Promise<void> => {
    for (const file of Array.from(files)) {
      const head = /\.(csv|txt)$/i.test(file.name) ? (await file.slice(0, 4096).text()).split(/\r?\n/, 1)[0] ?? '' : '';
      chosen.push({ file, format: guessFormat(file.name, head) });
    }
    result.replaceChildren();
    progress.textContent = '';
    refresh();
  };

  open.addEventListener('click', () => dialog.showModal());
  q('import-choose').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    if (input.files) void add(input.files);
    input.value = '';
  });
  for (const type of ['dragenter', 'dragover']) {
    drop.addEventListener(type, (e) => {
      e.preventDefault();
      drop.classList.add('over');
    });
  }
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer?.files) void add(e.dataTransfer.files);
  });
  name.addEventListener('input', () => (nameTouched = true));

  go.addEventListener('click', async () => {
    const dataset = name.value.trim();
    if (!DATASET_NAME.test(dataset)) {
      progress.textContent = 'The dataset name must be 1–64 letters, digits, _ or -.';
      name.focus();
      return;
    }
    go.disabled = true;
    result.replaceChildren();
    progress.textContent = 'Uploading…';
    const outcome = await uploadFiles(dataset, chosen, q<HTMLInputElement>('import-lenient').checked, (fraction) => {
      progress.textContent = fraction < 1 ? `Uploading… ${Math.round(fraction * 100)}%` : 'Reading and checking the files…';
    });
    go.disabled = false;
    if (outcome.ok && outcome.report) {
      progress.textContent = `Imported into dataset “${dataset}”.`;
      const openMap = document.createElement('a');
      openMap.className = 'import-open-map';
      openMap.href = `./?dataset=${encodeURIComponent(dataset)}`;
      openMap.textContent = 'Open on the map';
      result.replaceChildren(openMap, renderReport(outcome.report, true));
      openMap.focus();
    } else {
      progress.textContent = `Not imported: ${outcome.error ?? 'unknown error'}`;
      result.replaceChildren(...(outcome.report ? [renderReport(outcome.report, false)] : []));
    }
  });
  return dialog;
}
