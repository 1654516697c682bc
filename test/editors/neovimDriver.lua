-- Run by test/editors/neovim.test.ts in a headless Neovim whose init file is the README's Neovim
-- config: opens the Go file, waits for the server's diagnostics, asks for a hover, code actions
-- and code lenses, runs the README's :GoOomLensExplain, applies a quick fix, writes what it saw to
-- a JSON file and quits (Neovim then stops the server, as it does for a user).
--
-- GO_OOM_LENS_FILE: the Go file; GO_OOM_LENS_OUT: the JSON file; GO_OOM_LENS_NEWER_CLIENT=1:
-- advertise window/showDocument (Neovim 0.9+) and plain-text hovers only, and answer showDocument.
local file = assert(os.getenv('GO_OOM_LENS_FILE'), 'GO_OOM_LENS_FILE is not set')
local out = assert(os.getenv('GO_OOM_LENS_OUT'), 'GO_OOM_LENS_OUT is not set')
local newer_client = os.getenv('GO_OOM_LENS_NEWER_CLIENT') == '1'
local WAIT_MS = 30000

local v = vim.version()
local report = { version = v.major .. '.' .. v.minor .. '.' .. v.patch, notes = {} }

vim.notify = function(message) table.insert(report.notes, message) end

local function read_all(path)
  local f = io.open(path, 'r')
  if not f then return nil end
  local text = f:read('*a')
  f:close()
  return text
end

if newer_client then
  local make = vim.lsp.protocol.make_client_capabilities
  vim.lsp.protocol.make_client_capabilities = function()
    local caps = make()
    caps.window.showDocument = { support = true }
    caps.textDocument.hover.contentFormat = { 'plaintext' }
    return caps
  end
  report.shown = {}
  vim.lsp.handlers['window/showDocument'] = function(_, result)
    local path = vim.uri_to_fname(result.uri)
    table.insert(report.shown, { path = path, markdown = read_all(path) })
    return { success = true }
  end
end

local function client_of(buf)
  for _, c in ipairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do
    if c.name == 'go_oom_lens' and vim.lsp.buf_is_attached(buf, c.id) then return c end
  end
end

local function request(buf, method, params)
  local responses = vim.lsp.buf_request_sync(buf, method, params, WAIT_MS)
  assert(responses, method .. ': no answer within ' .. WAIT_MS .. ' ms')
  for _, r in pairs(responses) do
    assert(not r.err, method .. ': ' .. vim.inspect(r.err))
    return r.result
  end
end

local function diagnostic_with(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then return d end
  end
end

-- A diagnostic of vim.diagnostic as the server sent it (for a code action's context).
local function lsp_diagnostic(d)
  return {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    severity = d.severity, message = d.message, source = d.source, code = d.code,
    data = d.user_data and d.user_data.lsp and d.user_data.lsp.data or nil,
  }
end

-- Counts the answers to workspace/executeCommand that the client has handed to their handler
-- (the README's function calls client.request, dot-style up to Neovim 0.10).
local answered = 0
local function count_command_answers(client)
  local request = client.request
  client.request = function(method, params, handler, bufnr)
    if method ~= 'workspace/executeCommand' then return request(method, params, handler, bufnr) end
    return request(method, params, function(...)
      handler(...)
      answered = answered + 1
    end, bufnr)
  end
end

-- Runs :GoOomLensExplain with the cursor on `line` (0-based); returns the page it opened, if any.
local function explain_at(buf, line)
  vim.api.nvim_set_current_buf(buf)
  vim.api.nvim_win_set_cursor(0, { line + 1, 0 })
  local windows = #vim.api.nvim_list_wins()
  local before = answered
  vim.cmd('GoOomLensExplain')
  assert(vim.wait(WAIT_MS, function() return answered > before end, 20), 'no answer to the explanation command within ' .. WAIT_MS .. ' ms')
  if #vim.api.nvim_list_wins() == windows then return nil end
  local page = vim.api.nvim_get_current_buf()
  local result = {
    text = table.concat(vim.api.nvim_buf_get_lines(page, 0, -1, false), '\n'),
    buftype = vim.bo[page].buftype, filetype = vim.bo[page].filetype, modifiable = vim.bo[page].modifiable,
  }
  vim.cmd('close')
  return result
end

local function drive()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  assert(vim.wait(WAIT_MS, function() return #vim.diagnostic.get(buf) > 0 end, 50), 'no diagnostics within ' .. WAIT_MS .. ' ms')
  local client = assert(client_of(buf), 'go_oom_lens is not attached to the buffer')
  count_command_answers(client)
  report.pid = client.rpc.pid
  report.root = client.config.root_dir
  report.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(report.diagnostics, { lnum = d.lnum, col = d.col, message = d.message, code = d.code, source = d.source, severity = d.severity })
  end

  local append = assert(diagnostic_with(buf, 'unbounded-append'), 'no unbounded-append diagnostic')
  report.hover = request(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = append.lnum, character = append.col } })

  report.lenses = request(buf, 'textDocument/codeLens', { textDocument = { uri = uri } })
  local lens = assert(report.lenses and report.lenses[1], 'no code lens')
  report.explanation = explain_at(buf, lens.range.start.line) or vim.NIL
  report.nothing_here = explain_at(buf, 0) or vim.NIL

  local step = lsp_diagnostic(assert(diagnostic_with(buf, 'zero-step-loop'), 'no zero-step-loop diagnostic'))
  report.actions = request(buf, 'textDocument/codeAction', { textDocument = { uri = uri }, range = step.range, context = { diagnostics = { step } } })
  local fix = assert(report.actions and report.actions[1], 'no code action')
  assert(fix.edit, 'the quick fix has no edit: ' .. vim.inspect(fix))
  local before = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or 'utf-16')
  report.fixed = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') ~= before
  -- The server re-analyses the edited buffer: the step's diagnostic goes.
  report.step_gone = vim.wait(WAIT_MS, function() return diagnostic_with(buf, 'zero-step-loop') == nil end, 50)
end

local ok, err = xpcall(drive, debug.traceback)
if not ok then report.error = err end
local f = assert(io.open(out, 'w'))
f:write(vim.fn.json_encode(report))
f:close()
vim.cmd('qall!')
