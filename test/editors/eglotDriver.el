;;; eglotDriver.el --- run by test/editors/eglot.test.ts in a batch Emacs  -*- lexical-binding: t -*-
;;
;; Starts as a user's Emacs does (packages activated, then the init file: the README's eglot
;; config), opens the Go file (go-mode and the README's `eglot-ensure' hook start the server),
;; waits for the server's diagnostics in flymake, asks for a hover through eglot's eldoc function,
;; runs the README's `go-oom-lens-explain', applies a quick fix with `eglot-code-actions',
;; writes what it saw to a JSON file and quits (Emacs then ends the server, as it does for a user).
;;
;; GO_OOM_LENS_INIT: the init file; GO_OOM_LENS_FILE: the Go file; GO_OOM_LENS_OUT: the JSON file;
;; GO_OOM_LENS_NO_MARKDOWN=1: an Emacs without markdown-mode (package.el does not activate it);
;; GO_OOM_LENS_NEWER_CLIENT=1: an eglot that has window/showDocument (as later versions do), which
;; records the pages the server asks it to show.

(require 'cl-lib)
(require 'json)
(require 'seq)
(require 'subr-x)

(defconst go-oom-lens-test-wait 30 "Seconds to wait for each answer of the server.")
(defvar go-oom-lens-test-report (list (cons 'notes nil)))

(defun go-oom-lens-test-env (name)
  (or (getenv name) (error "%s is not set" name)))

(defun go-oom-lens-test-put (key value)
  (setf (alist-get key go-oom-lens-test-report) value))

;; What a user reads in the echo area: messages that mention go-oom-lens.
(advice-add 'message :around
            (lambda (show format &rest args)
              (let ((text (apply show format args)))
                (when (and text (string-match-p "go-oom-lens" text))
                  (push text (alist-get 'notes go-oom-lens-test-report)))
                text)))

(defun go-oom-lens-test-wait-until (what predicate)
  "Runs Emacs's event loop until PREDICATE is non-nil.
An error after `go-oom-lens-test-wait' seconds."
  (let ((deadline (+ (float-time) go-oom-lens-test-wait)) value)
    (while (not (setq value (funcall predicate)))
      (when (> (float-time) deadline)
        (error "%s: not within %s s" what go-oom-lens-test-wait))
      (accept-process-output nil 0.05))
    value))

(defun go-oom-lens-test-be-idle ()
  "Runs the idle timers once, as Emacs does when the user stops typing.
A batch Emacs is never idle; eglot sends its pending changes from one."
  (mapc #'timer-event-handler (copy-sequence timer-idle-list)))

(defun go-oom-lens-test-lsp-diagnostic (d)
  (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d))))

(defun go-oom-lens-test-diagnostic-with (code)
  (seq-find (lambda (d) (equal (plist-get (go-oom-lens-test-lsp-diagnostic d) :code) code))
            (flymake-diagnostics)))

(defun go-oom-lens-test-diagnostic-json (d)
  (let ((lsp (go-oom-lens-test-lsp-diagnostic d)))
    `((line . ,(1- (line-number-at-pos (flymake-diagnostic-beg d))))
      (type . ,(symbol-name (flymake-diagnostic-type d)))
      (text . ,(flymake-diagnostic-text d))
      (code . ,(plist-get lsp :code))
      (source . ,(plist-get lsp :source))
      (message . ,(plist-get lsp :message)))))

(defun go-oom-lens-test-hover-at (pos)
  "The hover at POS as the server sent it and as eglot's eldoc function renders it."
  (goto-char pos)
  (let* ((raw (jsonrpc-request (eglot-current-server) :textDocument/hover
                               (eglot--TextDocumentPositionParams)))
         (contents (plist-get raw :contents))
         rendered)
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq rendered (or info ""))))
    (go-oom-lens-test-wait-until "the hover in eldoc" (lambda () rendered))
    `((kind . ,(plist-get contents :kind))
      (value . ,(plist-get contents :value))
      (rendered . ,(substring-no-properties rendered)))))

(defun go-oom-lens-test-explain-at (line)
  "Runs the README's `go-oom-lens-explain' on 0-based LINE.
Returns the *Go OOM Lens* buffer it shows, or nil."
  (let ((file-buffer (current-buffer)))
    (when-let ((old (get-buffer "*Go OOM Lens*"))) (kill-buffer old))
    (goto-char (point-min))
    (forward-line line)
    (call-interactively #'go-oom-lens-explain)
    (prog1
        (when-let ((page (get-buffer "*Go OOM Lens*")))
          (with-current-buffer page
            `((text . ,(buffer-substring-no-properties (point-min) (point-max)))
              (mode . ,(symbol-name major-mode))
              (read_only . ,(if buffer-read-only t :json-false))
              (shown . ,(if (get-buffer-window page) t :json-false)))))
      (set-buffer file-buffer))))

(defun go-oom-lens-test-apply-quick-fix (code)
  "Applies a quick fix of the diagnostic CODE: `M-x eglot-code-actions' there.
eglot 1.9's `eglot-code-action-quickfix' lists fixes, applies none."
  (let* ((d (or (go-oom-lens-test-diagnostic-with code) (error "no %s diagnostic" code)))
         (beg (flymake-diagnostic-beg d))
         (end (flymake-diagnostic-end d))
         (before (buffer-string)))
    (go-oom-lens-test-put 'actions
                          (mapcar (lambda (a) `((title . ,(plist-get a :title)) (kind . ,(plist-get a :kind))))
                                  (eglot-code-actions beg end "quickfix")))
    ;; With more than one fix eglot asks which: the user takes the default (RET).
    (cl-letf (((symbol-function 'completing-read)
               (lambda (prompt _collection &optional _predicate _require _initial _history default &rest _)
                 (go-oom-lens-test-put 'asked prompt)
                 default))
              (last-nonmenu-event ?\r))
      (goto-char beg)
      (call-interactively #'eglot-code-actions))
    (go-oom-lens-test-put 'fixed (if (equal before (buffer-string)) :json-false t))
    (go-oom-lens-test-be-idle)
    (go-oom-lens-test-put 'step_gone
                          (condition-case nil
                              (progn (go-oom-lens-test-wait-until
                                      "the zero-step diagnostic goes"
                                      (lambda () (null (go-oom-lens-test-diagnostic-with code))))
                                     t)
                            (error :json-false)))))

(defun go-oom-lens-test-be-newer-eglot ()
  "Advertises window/showDocument and answers it by recording the page (path and text)."
  (require 'eglot)
  (go-oom-lens-test-put 'shown [])
  (advice-add 'eglot-client-capabilities :filter-return
              (lambda (capabilities) (append capabilities '(:window (:showDocument (:support t))))))
  (cl-defmethod eglot-handle-request (_server (_method (eql window/showDocument)) &key uri &allow-other-keys)
    (let ((path (eglot--uri-to-path uri)))
      (go-oom-lens-test-put 'shown
                            (vconcat (alist-get 'shown go-oom-lens-test-report)
                                     `(((path . ,path)
                                        (markdown . ,(with-temp-buffer
                                                       (insert-file-contents path)
                                                       (buffer-string)))))))
      '(:success t))))

(defun go-oom-lens-test-drive ()
  (when (equal (getenv "GO_OOM_LENS_NO_MARKDOWN") "1")
    (setq package-load-list '((markdown-mode nil) all)))
  (package-activate-all)
  (load (go-oom-lens-test-env "GO_OOM_LENS_INIT") nil t)
  (when (equal (getenv "GO_OOM_LENS_NEWER_CLIENT") "1") (go-oom-lens-test-be-newer-eglot))
  (go-oom-lens-test-put 'markdown_mode (if (fboundp 'markdown-mode) t :json-false))
  (find-file (go-oom-lens-test-env "GO_OOM_LENS_FILE"))
  (go-oom-lens-test-put 'mode (symbol-name major-mode))
  ;; `eglot-ensure' connects after the command that opened the file, from `post-command-hook'.
  (run-hooks 'post-command-hook)
  (let ((server (go-oom-lens-test-wait-until "eglot connects" #'eglot-current-server)))
    (go-oom-lens-test-put 'pid (process-id (jsonrpc--process server)))
    (go-oom-lens-test-put 'root (project-root (eglot--project server))))
  (go-oom-lens-test-wait-until "diagnostics in flymake" #'flymake-diagnostics)
  (go-oom-lens-test-put 'diagnostics (vconcat (mapcar #'go-oom-lens-test-diagnostic-json (flymake-diagnostics))))
  (let ((append (or (go-oom-lens-test-diagnostic-with "unbounded-append") (error "no unbounded-append diagnostic")))
        (step (or (go-oom-lens-test-diagnostic-with "zero-step-loop") (error "no zero-step-loop diagnostic"))))
    (go-oom-lens-test-put 'hover (go-oom-lens-test-hover-at (flymake-diagnostic-beg append)))
    (go-oom-lens-test-put 'explanation (or (go-oom-lens-test-explain-at
                                            (1- (line-number-at-pos (flymake-diagnostic-beg step))))
                                           nil))
    (go-oom-lens-test-put 'nothing_here (go-oom-lens-test-explain-at 0)))
  (go-oom-lens-test-apply-quick-fix "zero-step-loop"))

(defun go-oom-lens-test-package-version (name)
  (if-let ((desc (cadr (assq name package-alist))))
      (package-version-join (package-desc-version desc))
    "not activated"))

(let ((out (go-oom-lens-test-env "GO_OOM_LENS_OUT")))
  (condition-case-unless-debug err
      (go-oom-lens-test-drive)
    (error (go-oom-lens-test-put 'error (error-message-string err))))
  (go-oom-lens-test-put 'version (format "Emacs %s, eglot %s, go-mode %s" emacs-version
                                         (go-oom-lens-test-package-version 'eglot)
                                         (go-oom-lens-test-package-version 'go-mode)))
  (setf (alist-get 'notes go-oom-lens-test-report) (vconcat (reverse (alist-get 'notes go-oom-lens-test-report))))
  (with-temp-file out (insert (json-encode go-oom-lens-test-report)))
  (kill-emacs 0))
