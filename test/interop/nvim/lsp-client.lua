-- Headless Neovim (0.7+, no vim.lsp.config) as a second LSP client of `certwright lsp --stdio`:
-- attaches the server to a fixture, waits for diagnostics, requests a hover and a code action,
-- and writes what it saw as JSON to $CW_OUT (read by test/interop/lsp-neovim.test.ts).
local root, cli, out = os.getenv('CW_ROOT'), os.getenv('CW_CLI'), os.getenv('CW_OUT')
local result = { published = {}, errors = {} }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'certwright',
    cmd = { 'node', cli, 'lsp', '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'fixture' } },
    settings = { certwright = { expiryWarningDays = 30 } },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, params, ctx, config)
        table.insert(result.published, params)
        return vim.lsp.diagnostic.on_publish_diagnostics(e, params, ctx, config)
      end,
    },
  })
  if not client_id then error('the server did not start') end
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/certificate.yaml'))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  local uri = vim.uri_from_bufnr(buf)
  local issuer = vim.uri_from_fname(root .. '/issuer.yaml')
  local function seen(u)
    for _, p in ipairs(result.published) do
      if p.uri == u and #p.diagnostics > 0 then return true end
    end
    return false
  end
  if not vim.wait(90000, function() return seen(uri) and seen(issuer) end, 50) then error('no diagnostics within 90 s') end
  -- What Neovim made of them (0-based lnum/col, as vim.diagnostic keeps them).
  result.buffer = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.buffer, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, code = d.code, source = d.source })
  end
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 9, character = 6 } }, 60000)
  result.hover = hover and hover[client_id] and hover[client_id].result
  local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 7, character = 13 }, ['end'] = { line = 7, character = 13 } },
    context = { diagnostics = {} },
  }, 60000)
  result.actions = actions and actions[client_id] and actions[client_id].result
  vim.lsp.stop_client(client_id)
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
