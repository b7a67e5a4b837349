// The editor's one piece of script: Tab inserts four spaces instead of leaving the editor (Shift+Tab still leaves).
// insertText keeps the browser's undo history and raises the input event the component listens to.
export function keepTab(textarea) {
    if (!textarea || textarea.dataset.keepTab) {
        return;
    }

    textarea.dataset.keepTab = "true";
    textarea.addEventListener("keydown", event => {
        if (event.key === "Tab" && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && !textarea.readOnly) {
            event.preventDefault();
            document.execCommand("insertText", false, "    ");
        }
    });
}
