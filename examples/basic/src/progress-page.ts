/**
 * The progress page of an import, served at `GET /imports/:id/page`: plain HTML and a few lines of script, no build
 * step. It follows `events` (a URL relative to the page's, so the task id is never pasted into it) with an
 * EventSource and shows each state: status, iteration, a progress bar and the task's log lines.
 *
 * The Approve button shows itself whenever a state says the task waits (`status: 'waiting'`, `waitingFor: { name }`)
 * and posts to `approve`, next to `events`.
 */
export const PROGRESS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Import progress</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1f2328; }
  h1 code { font-size: 0.6em; word-break: break-all; }
  progress { width: 100%; height: 1.5rem; }
  #status { text-transform: uppercase; letter-spacing: 0.04em; }
  [data-status="success"] #status { color: #1a7f37; }
  [data-status="failed"] #status, [data-status="aborted"] #status, #problem { color: #cf222e; }
  #logs { font: 13px/1.6 ui-monospace, monospace; background: #f6f8fa; padding: 0.75rem 0.75rem 0.75rem 2.5rem; }
</style>
</head>
<body data-status="connecting">
<h1>Import <code id="task-id"></code></h1>
<p>Status <strong id="status">connecting</strong> &middot; iteration <span id="iteration">-</span></p>
<p><progress id="progress" max="100" value="0"></progress> <span id="progress-text">0 %</span></p>
<p id="waiting" hidden>
  Waiting for <strong id="waiting-for"></strong>
  <button id="approve" type="button">Approve</button>
</p>
<p id="problem" role="alert" hidden></p>
<h2>Log</h2>
<ol id="logs"></ol>
<script>
  const ENDED = ['success', 'failed', 'aborted'];
  const $ = (id) => document.getElementById(id);
  const problem = (text) => {
    $('problem').textContent = text;
    $('problem').hidden = !text;
  };

  function render(task) {
    document.body.dataset.status = task.status;
    $('task-id').textContent = task.id;
    $('status').textContent = task.status;
    $('iteration').textContent = String(task.iterations);
    const value = Math.max(0, Math.min(100, task.progress ? task.progress.value : 0));
    $('progress').value = value;
    $('progress-text').textContent = value + ' %';
    // A task that waits says for what; the button is for whoever may let it go on.
    $('waiting').hidden = task.status !== 'waiting';
    $('waiting-for').textContent = task.waitingFor ? task.waitingFor.name : '';
    $('logs').replaceChildren(...task.logs.map((line) => {
      const item = document.createElement('li');
      item.className = 'log-line ' + line.level;
      item.textContent = '#' + line.iteration + '.' + line.attempt + ' ' + line.level + ' ' + line.message;
      return item;
    }));
    problem(task.error ? task.error.message : task.abortReason || '');
  }

  // Relative to /imports/<id>/page: /imports/<id>/events.
  const events = new EventSource('events');
  events.onmessage = (event) => {
    const task = JSON.parse(event.data);
    render(task);
    // The server ends the stream after the final state; an EventSource would reconnect to it, so it is closed here.
    if (ENDED.includes(task.status)) events.close();
  };
  events.onerror = () => {
    if (events.readyState === EventSource.CLOSED) problem('This import cannot be followed: it does not exist, or the server refused.');
    else $('status').textContent = 'reconnecting';
  };

  $('approve').onclick = async () => {
    $('approve').disabled = true;
    try {
      const answer = await fetch('approve', { method: 'POST' });
      if (!answer.ok) problem('Approve failed: ' + answer.status + ' ' + (await answer.text()));
    } catch (err) {
      problem('Approve failed: ' + err);
    } finally {
      $('approve').disabled = false;
    }
  };
</script>
</body>
</html>
`;
