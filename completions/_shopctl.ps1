
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'shopctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'shopctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'shopctl' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new shop file')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What is in the shop, what waits to sync, and the last reconciliation')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Play the whole flow on a throwaway shop, offline')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Products, variants, stock and images')
            [CompletionResult]::new('payments', 'payments', [CompletionResultType]::ParameterValue, 'Which payment methods customers may use')
            [CompletionResult]::new('orders', 'orders', [CompletionResultType]::ParameterValue, 'Orders, fulfilment and cancellation')
            [CompletionResult]::new('refunds', 'refunds', [CompletionResultType]::ParameterValue, 'Refunds to customers')
            [CompletionResult]::new('payouts', 'payouts', [CompletionResultType]::ParameterValue, 'Payouts from the provider, and reconciliation')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Push local changes to the provider and pull what happened there')
            [CompletionResult]::new('provider', 'provider', [CompletionResultType]::ParameterValue, 'Which payment provider the shop uses, and its settings')
            [CompletionResult]::new('channel', 'channel', [CompletionResultType]::ParameterValue, 'Which chat storefront the shop talks to (sandbox or WhatsApp), and its settings')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Receive webhooks (WhatsApp, Stripe, Razorpay) over HTTP, store them, then process them')
            [CompletionResult]::new('inbox', 'inbox', [CompletionResultType]::ParameterValue, 'Webhook deliveries received, and retrying those whose processing failed')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'The embedded sandbox provider: simulate customers and payouts')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The shop''s settings (image base URL, payout schedule, ...)')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Check, back up or migrate the shop file')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ from these definitions (for shopctl''s developers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;init' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The shop''s name, as customers see it')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'Where the shop sells: an ISO 3166-1 alpha-2 code (SG, IN, BR, ...)')
            [CompletionResult]::new('--currency', '--currency', [CompletionResultType]::ParameterName, 'The shop''s currency, ISO 4217 [default: the country''s currency]')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'The payment provider (the sandbox works offline; `shopctl provider set` sets up the others)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;status' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;demo' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Put the demo shop here (a new temporary folder otherwise; it is kept and printed)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the catalog as CSV')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List products')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one product')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a product (in the shop''s currency)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change products'' fields: one SKU, several, --search, --group, or an update file')
            [CompletionResult]::new('stock', 'stock', [CompletionResultType]::ParameterValue, 'Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Stop selling products (they stay in the shop file)')
            [CompletionResult]::new('images', 'images', [CompletionResultType]::ParameterValue, 'Images stored in the shop file')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish the catalog to the chat storefront now (what `sync` does for the catalog)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;catalog;import' {
            [CompletionResult]::new('--images', '--images', [CompletionResultType]::ParameterName, 'A folder of images: paths in the CSV are relative to it, and SKU.jpg / SKU-2.png are picked up')
            [CompletionResult]::new('--dialect', '--dialect', [CompletionResultType]::ParameterName, 'The file''s layout (auto: detected from the header row)')
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'upsert creates or updates by SKU; create rejects existing SKUs; update rejects unknown ones')
            [CompletionResult]::new('--on-duplicate', '--on-duplicate', [CompletionResultType]::ParameterName, 'A SKU on several rows of a file: error rejects every copy; first or last imports that one')
            [CompletionResult]::new('--rejects', '--rejects', [CompletionResultType]::ParameterName, 'With --skip-invalid: write each rejected row here, with an `error` column')
            [CompletionResult]::new('--currency', '--currency', [CompletionResultType]::ParameterName, 'The currency of amounts that do not name one [default: the shop''s]')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'The file''s text encoding when it is not UTF-8, e.g. windows-1252')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Check everything and report what would change, but write nothing (exit 3 when rows are invalid)')
            [CompletionResult]::new('--skip-invalid', '--skip-invalid', [CompletionResultType]::ParameterName, 'Write the valid rows and leave out the invalid ones (see --rejects)')
            [CompletionResult]::new('--decimal-comma', '--decimal-comma', [CompletionResultType]::ParameterName, 'Amounts use a decimal comma (12,50)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;export' {
            [CompletionResult]::new('--dialect', '--dialect', [CompletionResultType]::ParameterName, 'The layout to write')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write here instead of stdout')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--spreadsheet-safe', '--spreadsheet-safe', [CompletionResultType]::ParameterName, 'For opening in a spreadsheet: put a '' before every cell that starts with = + - @, a tab or a carriage return, so that it is not run as a formula (the file is then not an exact copy of the catalog)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only products with this status')
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Only products whose SKU or title contains TEXT')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only products in this category')
            [CompletionResult]::new('--low-stock', '--low-stock', [CompletionResultType]::ParameterName, 'Only products with at most N in stock (stock that is not tracked is never low)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N products (a table shows 50 unless told)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Only these columns, in this order, in every format (e.g. --columns id,status,total)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every product, also in a table')
            [CompletionResult]::new('--channel-errors', '--channel-errors', [CompletionResultType]::ParameterName, 'Only products the chat''s catalog refused or warned about, with what it said')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;add' {
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The variant group (products with the same group are variants of one product)')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The product''s name')
            [CompletionResult]::new('--price', '--price', [CompletionResultType]::ParameterName, 'The price in the shop''s currency, e.g. 12.50')
            [CompletionResult]::new('--sale-price', '--sale-price', [CompletionResultType]::ParameterName, 'The sale price ("" ends the sale)')
            [CompletionResult]::new('--stock', '--stock', [CompletionResultType]::ParameterName, 'Units in stock, or `untracked` (always sellable, never counted)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Whether it is for sale')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What customers read about it')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The product''s category, e.g. Apparel')
            [CompletionResult]::new('--brand', '--brand', [CompletionResultType]::ParameterName, 'The brand')
            [CompletionResult]::new('--condition', '--condition', [CompletionResultType]::ParameterName, 'new, used, refurbished...')
            [CompletionResult]::new('--options', '--options', [CompletionResultType]::ParameterName, 'Name=Value;Name=Value (e.g. Color=Red;Size=M)')
            [CompletionResult]::new('--link', '--link', [CompletionResultType]::ParameterName, 'The product page URL')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'A JPEG or PNG file to attach (repeat for more; replaces the product''s images)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;edit' {
            [CompletionResult]::new('--search', '--search', [CompletionResultType]::ParameterName, 'Change every product whose SKU or title contains TEXT')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'Change every product of the variant group G (--set-group moves products to a group)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Change products as an update file says (any layout; only its columns change)')
            [CompletionResult]::new('--price-change', '--price-change', [CompletionResultType]::ParameterName, 'Change prices by a percentage (+10%, -5%) or an amount (+2.00, -1.50)')
            [CompletionResult]::new('--set-group', '--set-group', [CompletionResultType]::ParameterName, 'Move the products to variant group G')
            [CompletionResult]::new('--title', '--title', [CompletionResultType]::ParameterName, 'The product''s name')
            [CompletionResult]::new('--price', '--price', [CompletionResultType]::ParameterName, 'The price in the shop''s currency, e.g. 12.50')
            [CompletionResult]::new('--sale-price', '--sale-price', [CompletionResultType]::ParameterName, 'The sale price ("" ends the sale)')
            [CompletionResult]::new('--stock', '--stock', [CompletionResultType]::ParameterName, 'Units in stock, or `untracked` (always sellable, never counted)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Whether it is for sale')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'What customers read about it')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The product''s category, e.g. Apparel')
            [CompletionResult]::new('--brand', '--brand', [CompletionResultType]::ParameterName, 'The brand')
            [CompletionResult]::new('--condition', '--condition', [CompletionResultType]::ParameterName, 'new, used, refurbished...')
            [CompletionResult]::new('--options', '--options', [CompletionResultType]::ParameterName, 'Name=Value;Name=Value (e.g. Color=Red;Size=M)')
            [CompletionResult]::new('--link', '--link', [CompletionResultType]::ParameterName, 'The product page URL')
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'A JPEG or PNG file to attach (repeat for more; replaces the product''s images)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change, field by field, and write nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;stock' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;archive' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;images' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every stored image to DIR, named by its hash')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;catalog;images;export' {
            [CompletionResult]::new('--mode', '--mode', [CompletionResultType]::ParameterName, 'The files'' mode, in octal: 644 lets a web host read them (folders made for them get 755). Default: 600, only you')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;images;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every stored image to DIR, named by its hash')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;catalog;images;help;export' {
            break
        }
        'shopctl;catalog;images;help;help' {
            break
        }
        'shopctl;catalog;publish' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the batches that would be sent (JSON, Meta''s items_batch requests); send nothing')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Send every product again, not only changed ones (a new catalog, or one edited by hand in Commerce Manager)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;catalog;help' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the catalog as CSV')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List products')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one product')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a product (in the shop''s currency)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change products'' fields: one SKU, several, --search, --group, or an update file')
            [CompletionResult]::new('stock', 'stock', [CompletionResultType]::ParameterValue, 'Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Stop selling products (they stay in the shop file)')
            [CompletionResult]::new('images', 'images', [CompletionResultType]::ParameterValue, 'Images stored in the shop file')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish the catalog to the chat storefront now (what `sync` does for the catalog)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;catalog;help;import' {
            break
        }
        'shopctl;catalog;help;export' {
            break
        }
        'shopctl;catalog;help;list' {
            break
        }
        'shopctl;catalog;help;show' {
            break
        }
        'shopctl;catalog;help;add' {
            break
        }
        'shopctl;catalog;help;edit' {
            break
        }
        'shopctl;catalog;help;stock' {
            break
        }
        'shopctl;catalog;help;archive' {
            break
        }
        'shopctl;catalog;help;images' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every stored image to DIR, named by its hash')
            break
        }
        'shopctl;catalog;help;images;export' {
            break
        }
        'shopctl;catalog;help;publish' {
            break
        }
        'shopctl;catalog;help;help' {
            break
        }
        'shopctl;payments' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every payment method: enabled, state at the provider, markets, refund rule')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let customers pay with these methods (told to the provider at the next sync)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop offering these methods (told to the provider at the next sync)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;payments;list' {
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Only these columns, in this order, in every format (e.g. --columns id,status,total)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;payments;enable' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;payments;disable' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;payments;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every payment method: enabled, state at the provider, markets, refund rule')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let customers pay with these methods (told to the provider at the next sync)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop offering these methods (told to the provider at the next sync)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;payments;help;list' {
            break
        }
        'shopctl;payments;help;enable' {
            break
        }
        'shopctl;payments;help;disable' {
            break
        }
        'shopctl;payments;help;help' {
            break
        }
        'shopctl;orders' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List orders, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one order with its lines, payments, fulfilments, refunds and history')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)')
            [CompletionResult]::new('fulfil', 'fulfil', [CompletionResultType]::ParameterValue, 'Ship an order, all of it or some lines')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel an order that has not shipped (a paid one is refunded in full)')
            [CompletionResult]::new('notify', 'notify', [CompletionResultType]::ParameterValue, 'Write to a chat order''s customer (sent by the next `shopctl sync`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;orders;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only orders with this status')
            [CompletionResult]::new('--payment', '--payment', [CompletionResultType]::ParameterName, 'Only orders with this payment status')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only orders created on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'Only orders created before this date (same forms as --since)')
            [CompletionResult]::new('--customer', '--customer', [CompletionResultType]::ParameterName, 'Only orders whose customer''s phone or name contains C')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N orders (a table shows 50 unless told)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Only these columns, in this order, in every format (e.g. --columns id,status,total)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--unfulfilled', '--unfulfilled', [CompletionResultType]::ParameterName, 'Only orders with lines not yet shipped')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every order, also in a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;orders;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;orders;import' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;orders;fulfil' {
            [CompletionResult]::new('--line', '--line', [CompletionResultType]::ParameterName, 'Ship only this line, or QTY of it (repeatable)')
            [CompletionResult]::new('--carrier', '--carrier', [CompletionResultType]::ParameterName, 'The carrier that takes the parcel, e.g. SingPost (told to the customer)')
            [CompletionResult]::new('--tracking', '--tracking', [CompletionResultType]::ParameterName, 'The carrier''s tracking number (told to the customer)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Many shipments from a CSV of order, sku, quantity, carrier, tracking')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Ship even though the order is not paid')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;orders;cancel' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the customer and the history')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before refunding a paid order (the question is only asked at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before refunding a paid order (the question is only asked at a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;orders;notify' {
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'What the customer reads (WhatsApp refuses free-form text 24 hours after the customer last wrote)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;orders;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List orders, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one order with its lines, payments, fulfilments, refunds and history')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)')
            [CompletionResult]::new('fulfil', 'fulfil', [CompletionResultType]::ParameterValue, 'Ship an order, all of it or some lines')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel an order that has not shipped (a paid one is refunded in full)')
            [CompletionResult]::new('notify', 'notify', [CompletionResultType]::ParameterValue, 'Write to a chat order''s customer (sent by the next `shopctl sync`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;orders;help;list' {
            break
        }
        'shopctl;orders;help;show' {
            break
        }
        'shopctl;orders;help;import' {
            break
        }
        'shopctl;orders;help;fulfil' {
            break
        }
        'shopctl;orders;help;cancel' {
            break
        }
        'shopctl;orders;help;notify' {
            break
        }
        'shopctl;orders;help;help' {
            break
        }
        'shopctl;refunds' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Refund an order: an amount, some lines, or all of it')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List refunds')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one refund')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;refunds;create' {
            [CompletionResult]::new('--amount', '--amount', [CompletionResultType]::ParameterName, 'Refund this amount')
            [CompletionResult]::new('--line', '--line', [CompletionResultType]::ParameterName, 'Refund this line, or QTY of it, at the price paid (repeatable)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why, for the customer, the provider and the order''s history')
            [CompletionResult]::new('--idempotency-key', '--idempotency-key', [CompletionResultType]::ParameterName, 'Reuse a key to make a retried command return the first refund')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Refund everything not yet refunded')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask first (the question is only asked at a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask first (the question is only asked at a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;refunds;list' {
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Only refunds of this order')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only refunds with this status')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only refunds made on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N rows (a table shows 50 unless told)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Only these columns, in this order, in every format (e.g. --columns id,status,total)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every row, also in a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;refunds;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;refunds;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Refund an order: an amount, some lines, or all of it')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List refunds')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one refund')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;refunds;help;create' {
            break
        }
        'shopctl;refunds;help;list' {
            break
        }
        'shopctl;refunds;help;show' {
            break
        }
        'shopctl;refunds;help;help' {
            break
        }
        'shopctl;payouts' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List payouts, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one payout with its transactions')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Check that payouts add up to the shop''s payments, refunds and fees (exit 3 on discrepancies)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;payouts;list' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only payouts created on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only payouts with this status')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N rows (a table shows 50 unless told)')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Only these columns, in this order, in every format (e.g. --columns id,status,total)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Every row, also in a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;payouts;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;payouts;reconcile' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only payouts created on or after this date (same forms as `payouts list --since`)')
            [CompletionResult]::new('--payout', '--payout', [CompletionResultType]::ParameterName, 'Only this payout')
            [CompletionResult]::new('--report', '--report', [CompletionResultType]::ParameterName, 'Reconcile a Stripe itemized payout reconciliation report (CSV) instead of synced payouts')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;payouts;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List payouts, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one payout with its transactions')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Check that payouts add up to the shop''s payments, refunds and fees (exit 3 on discrepancies)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;payouts;help;list' {
            break
        }
        'shopctl;payouts;help;show' {
            break
        }
        'shopctl;payouts;help;reconcile' {
            break
        }
        'shopctl;payouts;help;help' {
            break
        }
        'shopctl;sync' {
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Only these columns, in this order, in every format (e.g. --columns id,status,total)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--push-only', '--push-only', [CompletionResultType]::ParameterName, 'Only push local changes')
            [CompletionResult]::new('--pull-only', '--pull-only', [CompletionResultType]::ParameterName, 'Only pull what happened at the provider')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be pushed, change nothing')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Push the whole catalog and the enabled payment methods again and pull everything from the start, as for a new provider account (which sync does by itself when the account changes)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;provider' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The provider and its settings (never the key itself)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Switch provider or change its settings')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;provider;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;provider;set' {
            [CompletionResult]::new('--api-key-env', '--api-key-env', [CompletionResultType]::ParameterName, 'Stripe: read the API key from this environment variable')
            [CompletionResult]::new('--api-key-file', '--api-key-file', [CompletionResultType]::ParameterName, 'Stripe: read the API key from this file (mode 0600)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Stripe Connect: act for this connected account (Stripe-Account header on every call)')
            [CompletionResult]::new('--key-id-env', '--key-id-env', [CompletionResultType]::ParameterName, 'Razorpay: read the key id from this environment variable')
            [CompletionResult]::new('--key-secret-env', '--key-secret-env', [CompletionResultType]::ParameterName, 'Razorpay: read the key secret from this environment variable')
            [CompletionResult]::new('--api-base', '--api-base', [CompletionResultType]::ParameterName, 'The API''s base URL (e.g. a local test server)')
            [CompletionResult]::new('--webhook-secret-env', '--webhook-secret-env', [CompletionResultType]::ParameterName, 'Read the webhook signing secret (for `shopctl serve`) from this environment variable')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--no-account', '--no-account', [CompletionResultType]::ParameterName, 'Stripe Connect: act for the platform''s own account again')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;provider;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The provider and its settings (never the key itself)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Switch provider or change its settings')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;provider;help;show' {
            break
        }
        'shopctl;provider;help;set' {
            break
        }
        'shopctl;provider;help;help' {
            break
        }
        'shopctl;channel' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The channel and its settings (where each secret lives, never the secret)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Choose the chat channel: sandbox (offline), or whatsapp (Meta''s Cloud API)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;channel;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;channel;set' {
            [CompletionResult]::new('--phone-number-id', '--phone-number-id', [CompletionResultType]::ParameterName, 'The WhatsApp business phone number''s id (Meta''s app dashboard, API setup)')
            [CompletionResult]::new('--catalog-id', '--catalog-id', [CompletionResultType]::ParameterName, 'The id of the Meta catalog connected to the WhatsApp account')
            [CompletionResult]::new('--token-env', '--token-env', [CompletionResultType]::ParameterName, 'Read the access token (a system user token) from this environment variable')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'Read the access token from this file (mode 0600)')
            [CompletionResult]::new('--app-secret-env', '--app-secret-env', [CompletionResultType]::ParameterName, 'Read the Meta app secret (signs the webhooks) from this environment variable')
            [CompletionResult]::new('--app-secret-file', '--app-secret-file', [CompletionResultType]::ParameterName, 'Read the Meta app secret from this file (mode 0600)')
            [CompletionResult]::new('--verify-token-env', '--verify-token-env', [CompletionResultType]::ParameterName, 'Read the webhook verify token (you chose it in Meta''s dashboard) from this variable')
            [CompletionResult]::new('--verify-token-file', '--verify-token-file', [CompletionResultType]::ParameterName, 'Read the webhook verify token from this file (mode 0600)')
            [CompletionResult]::new('--graph-base', '--graph-base', [CompletionResultType]::ParameterName, 'The Graph API''s base URL (e.g. a local test server) [default: https://graph.facebook.com]')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;channel;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The channel and its settings (where each secret lives, never the secret)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Choose the chat channel: sandbox (offline), or whatsapp (Meta''s Cloud API)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;channel;help;show' {
            break
        }
        'shopctl;channel;help;set' {
            break
        }
        'shopctl;channel;help;help' {
            break
        }
        'shopctl;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address and port to listen on (port 0: any free port, printed at start)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;inbox' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Deliveries, newest first')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Process a failed delivery again (after fixing its cause, e.g. adding the SKU)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;inbox;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Only these columns, in this order, in every format (e.g. --columns id,status,total)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--failed', '--failed', [CompletionResultType]::ParameterName, 'Only deliveries whose processing failed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;inbox;retry' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;inbox;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Deliveries, newest first')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Process a failed delivery again (after fixing its cause, e.g. adding the SKU)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;inbox;help;list' {
            break
        }
        'shopctl;inbox;help;retry' {
            break
        }
        'shopctl;inbox;help;help' {
            break
        }
        'shopctl;sandbox' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Play customers ordering and paying, and the provider paying out')
            [CompletionResult]::new('payout', 'payout', [CompletionResultType]::ParameterValue, 'Pay out now everything the sandbox holds (e.g. today''s refunds), as an instant payout')
            [CompletionResult]::new('pay', 'pay', [CompletionResultType]::ParameterValue, 'A customer pays in the chat for an order the shop imported from WhatsApp')
            [CompletionResult]::new('messages', 'messages', [CompletionResultType]::ParameterValue, 'The sandbox chat: the carts customers sent and every message the shop sent them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;sandbox;simulate' {
            [CompletionResult]::new('--orders', '--orders', [CompletionResultType]::ParameterName, 'How many orders customers place')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Over how many days before now (payouts are made per day)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The same seed gives the same customers, orders and payouts')
            [CompletionResult]::new('--failure-rate', '--failure-rate', [CompletionResultType]::ParameterName, 'The share of payments that fail, 0 to 1')
            [CompletionResult]::new('--discrepancies', '--discrepancies', [CompletionResultType]::ParameterName, 'Plant K reconciliation faults in the payouts this run makes')
            [CompletionResult]::new('--fee', '--fee', [CompletionResultType]::ParameterName, 'A method''s fee, remembered by the sandbox: METHOD=PCT%[+FIXED], e.g. card=2.9%+0.30')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;sandbox;payout' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;sandbox;pay' {
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The payment method the customer uses (enabled at the sandbox)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('--fail', '--fail', [CompletionResultType]::ParameterName, 'The payment fails (the order stays unpaid and gives its stock back at the next sync)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;sandbox;messages' {
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Only the chat with this customer (their WhatsApp number, with or without +)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;sandbox;help' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Play customers ordering and paying, and the provider paying out')
            [CompletionResult]::new('payout', 'payout', [CompletionResultType]::ParameterValue, 'Pay out now everything the sandbox holds (e.g. today''s refunds), as an instant payout')
            [CompletionResult]::new('pay', 'pay', [CompletionResultType]::ParameterValue, 'A customer pays in the chat for an order the shop imported from WhatsApp')
            [CompletionResult]::new('messages', 'messages', [CompletionResultType]::ParameterValue, 'The sandbox chat: the carts customers sent and every message the shop sent them')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;sandbox;help;simulate' {
            break
        }
        'shopctl;sandbox;help;payout' {
            break
        }
        'shopctl;sandbox;help;pay' {
            break
        }
        'shopctl;sandbox;help;messages' {
            break
        }
        'shopctl;sandbox;help;help' {
            break
        }
        'shopctl;config' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every setting: its value, its default and what it means')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value (its default when it is not set)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting (checked before it is stored)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a setting, so that its default applies again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;config;list' {
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'Only these columns, in this order, in every format (e.g. --columns id,status,total)')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;config;get' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;config;set' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;config;unset' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;config;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every setting: its value, its default and what it means')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value (its default when it is not set)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting (checked before it is stored)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a setting, so that its default applies again')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;config;help;list' {
            break
        }
        'shopctl;config;help;get' {
            break
        }
        'shopctl;config;help;set' {
            break
        }
        'shopctl;config;help;unset' {
            break
        }
        'shopctl;config;help;help' {
            break
        }
        'shopctl;db' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run SQLite''s integrity and foreign-key checks and check the kept counts (exit 3 on problems)')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the shop to FILE with SQLite''s online backup, consistent even while others write')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Bring the shop file''s schema up to this shopctl''s version (opening does this too)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;db;check' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;db;backup' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;db;migrate' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;db;help' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run SQLite''s integrity and foreign-key checks and check the kept counts (exit 3 on problems)')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the shop to FILE with SQLite''s online backup, consistent even while others write')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Bring the shop file''s schema up to this shopctl''s version (opening does this too)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;db;help;check' {
            break
        }
        'shopctl;db;help;backup' {
            break
        }
        'shopctl;db;help;migrate' {
            break
        }
        'shopctl;db;help;help' {
            break
        }
        'shopctl;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;generate-docs' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print results: tables for people, JSON or CSV for scripts')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (on stderr)')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'shopctl;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create a new shop file')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'What is in the shop, what waits to sync, and the last reconciliation')
            [CompletionResult]::new('demo', 'demo', [CompletionResultType]::ParameterValue, 'Play the whole flow on a throwaway shop, offline')
            [CompletionResult]::new('catalog', 'catalog', [CompletionResultType]::ParameterValue, 'Products, variants, stock and images')
            [CompletionResult]::new('payments', 'payments', [CompletionResultType]::ParameterValue, 'Which payment methods customers may use')
            [CompletionResult]::new('orders', 'orders', [CompletionResultType]::ParameterValue, 'Orders, fulfilment and cancellation')
            [CompletionResult]::new('refunds', 'refunds', [CompletionResultType]::ParameterValue, 'Refunds to customers')
            [CompletionResult]::new('payouts', 'payouts', [CompletionResultType]::ParameterValue, 'Payouts from the provider, and reconciliation')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Push local changes to the provider and pull what happened there')
            [CompletionResult]::new('provider', 'provider', [CompletionResultType]::ParameterValue, 'Which payment provider the shop uses, and its settings')
            [CompletionResult]::new('channel', 'channel', [CompletionResultType]::ParameterValue, 'Which chat storefront the shop talks to (sandbox or WhatsApp), and its settings')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Receive webhooks (WhatsApp, Stripe, Razorpay) over HTTP, store them, then process them')
            [CompletionResult]::new('inbox', 'inbox', [CompletionResultType]::ParameterValue, 'Webhook deliveries received, and retrying those whose processing failed')
            [CompletionResult]::new('sandbox', 'sandbox', [CompletionResultType]::ParameterValue, 'The embedded sandbox provider: simulate customers and payouts')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The shop''s settings (image base URL, payout schedule, ...)')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Check, back up or migrate the shop file')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('generate-docs', 'generate-docs', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ from these definitions (for shopctl''s developers)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'shopctl;help;init' {
            break
        }
        'shopctl;help;status' {
            break
        }
        'shopctl;help;demo' {
            break
        }
        'shopctl;help;catalog' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export the catalog as CSV')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List products')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one product')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a product (in the shop''s currency)')
            [CompletionResult]::new('edit', 'edit', [CompletionResultType]::ParameterValue, 'Change products'' fields: one SKU, several, --search, --group, or an update file')
            [CompletionResult]::new('stock', 'stock', [CompletionResultType]::ParameterValue, 'Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops')
            [CompletionResult]::new('archive', 'archive', [CompletionResultType]::ParameterValue, 'Stop selling products (they stay in the shop file)')
            [CompletionResult]::new('images', 'images', [CompletionResultType]::ParameterValue, 'Images stored in the shop file')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Publish the catalog to the chat storefront now (what `sync` does for the catalog)')
            break
        }
        'shopctl;help;catalog;import' {
            break
        }
        'shopctl;help;catalog;export' {
            break
        }
        'shopctl;help;catalog;list' {
            break
        }
        'shopctl;help;catalog;show' {
            break
        }
        'shopctl;help;catalog;add' {
            break
        }
        'shopctl;help;catalog;edit' {
            break
        }
        'shopctl;help;catalog;stock' {
            break
        }
        'shopctl;help;catalog;archive' {
            break
        }
        'shopctl;help;catalog;images' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write every stored image to DIR, named by its hash')
            break
        }
        'shopctl;help;catalog;images;export' {
            break
        }
        'shopctl;help;catalog;publish' {
            break
        }
        'shopctl;help;payments' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every payment method: enabled, state at the provider, markets, refund rule')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Let customers pay with these methods (told to the provider at the next sync)')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop offering these methods (told to the provider at the next sync)')
            break
        }
        'shopctl;help;payments;list' {
            break
        }
        'shopctl;help;payments;enable' {
            break
        }
        'shopctl;help;payments;disable' {
            break
        }
        'shopctl;help;orders' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List orders, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one order with its lines, payments, fulfilments, refunds and history')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)')
            [CompletionResult]::new('fulfil', 'fulfil', [CompletionResultType]::ParameterValue, 'Ship an order, all of it or some lines')
            [CompletionResult]::new('cancel', 'cancel', [CompletionResultType]::ParameterValue, 'Cancel an order that has not shipped (a paid one is refunded in full)')
            [CompletionResult]::new('notify', 'notify', [CompletionResultType]::ParameterValue, 'Write to a chat order''s customer (sent by the next `shopctl sync`)')
            break
        }
        'shopctl;help;orders;list' {
            break
        }
        'shopctl;help;orders;show' {
            break
        }
        'shopctl;help;orders;import' {
            break
        }
        'shopctl;help;orders;fulfil' {
            break
        }
        'shopctl;help;orders;cancel' {
            break
        }
        'shopctl;help;orders;notify' {
            break
        }
        'shopctl;help;refunds' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Refund an order: an amount, some lines, or all of it')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List refunds')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one refund')
            break
        }
        'shopctl;help;refunds;create' {
            break
        }
        'shopctl;help;refunds;list' {
            break
        }
        'shopctl;help;refunds;show' {
            break
        }
        'shopctl;help;payouts' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List payouts, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one payout with its transactions')
            [CompletionResult]::new('reconcile', 'reconcile', [CompletionResultType]::ParameterValue, 'Check that payouts add up to the shop''s payments, refunds and fees (exit 3 on discrepancies)')
            break
        }
        'shopctl;help;payouts;list' {
            break
        }
        'shopctl;help;payouts;show' {
            break
        }
        'shopctl;help;payouts;reconcile' {
            break
        }
        'shopctl;help;sync' {
            break
        }
        'shopctl;help;provider' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The provider and its settings (never the key itself)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Switch provider or change its settings')
            break
        }
        'shopctl;help;provider;show' {
            break
        }
        'shopctl;help;provider;set' {
            break
        }
        'shopctl;help;channel' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The channel and its settings (where each secret lives, never the secret)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Choose the chat channel: sandbox (offline), or whatsapp (Meta''s Cloud API)')
            break
        }
        'shopctl;help;channel;show' {
            break
        }
        'shopctl;help;channel;set' {
            break
        }
        'shopctl;help;serve' {
            break
        }
        'shopctl;help;inbox' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Deliveries, newest first')
            [CompletionResult]::new('retry', 'retry', [CompletionResultType]::ParameterValue, 'Process a failed delivery again (after fixing its cause, e.g. adding the SKU)')
            break
        }
        'shopctl;help;inbox;list' {
            break
        }
        'shopctl;help;inbox;retry' {
            break
        }
        'shopctl;help;sandbox' {
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Play customers ordering and paying, and the provider paying out')
            [CompletionResult]::new('payout', 'payout', [CompletionResultType]::ParameterValue, 'Pay out now everything the sandbox holds (e.g. today''s refunds), as an instant payout')
            [CompletionResult]::new('pay', 'pay', [CompletionResultType]::ParameterValue, 'A customer pays in the chat for an order the shop imported from WhatsApp')
            [CompletionResult]::new('messages', 'messages', [CompletionResultType]::ParameterValue, 'The sandbox chat: the carts customers sent and every message the shop sent them')
            break
        }
        'shopctl;help;sandbox;simulate' {
            break
        }
        'shopctl;help;sandbox;payout' {
            break
        }
        'shopctl;help;sandbox;pay' {
            break
        }
        'shopctl;help;sandbox;messages' {
            break
        }
        'shopctl;help;config' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every setting: its value, its default and what it means')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Print one setting''s value (its default when it is not set)')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a setting (checked before it is stored)')
            [CompletionResult]::new('unset', 'unset', [CompletionResultType]::ParameterValue, 'Remove a setting, so that its default applies again')
            break
        }
        'shopctl;help;config;list' {
            break
        }
        'shopctl;help;config;get' {
            break
        }
        'shopctl;help;config;set' {
            break
        }
        'shopctl;help;config;unset' {
            break
        }
        'shopctl;help;db' {
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Run SQLite''s integrity and foreign-key checks and check the kept counts (exit 3 on problems)')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Copy the shop to FILE with SQLite''s online backup, consistent even while others write')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Bring the shop file''s schema up to this shopctl''s version (opening does this too)')
            break
        }
        'shopctl;help;db;check' {
            break
        }
        'shopctl;help;db;backup' {
            break
        }
        'shopctl;help;db;migrate' {
            break
        }
        'shopctl;help;completions' {
            break
        }
        'shopctl;help;generate-docs' {
            break
        }
        'shopctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
