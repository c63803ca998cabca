// A confirmation that says what will happen (the <dialog> in index.html). Resolves to false when cancelled,
// else {option} with the state of its checkbox.
export function confirm({title, text, action, option = null, consequence = null}) {
  const dialog = document.getElementById('confirm');
  const box = document.getElementById('confirm-volumes');
  const optionLabel = document.getElementById('confirm-option');
  const said = document.getElementById('confirm-consequence');
  document.getElementById('confirm-title').replaceChildren(title);
  document.getElementById('confirm-text').replaceChildren(text);
  document.getElementById('confirm-ok').replaceChildren(action);
  optionLabel.hidden = option == null;
  optionLabel.querySelector('span').replaceChildren(option ?? '');
  box.checked = false;
  const explain = () => said.replaceChildren(consequence ? consequence(box.checked) : '');
  box.onchange = explain;
  explain();
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok' ? {option: box.checked} : false), {once: true});
    dialog.returnValue = '';
    dialog.showModal();
  });
}
