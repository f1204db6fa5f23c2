# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_shopctl_global_optspecs
    string join \n db= format= q/quiet v/verbose no-progress h/help V/version
end

function __fish_shopctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_shopctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_shopctl_using_subcommand
    set -l cmd (__fish_shopctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c shopctl -n "__fish_shopctl_needs_command" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_needs_command" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_needs_command" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_needs_command" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_needs_command" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_needs_command" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "init" -d 'Create a new shop file'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "status" -d 'What is in the shop, what waits to sync, and the last reconciliation'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "demo" -d 'Play the whole flow on a throwaway shop, offline'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "catalog" -d 'Products, variants, stock and images'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "payments" -d 'Which payment methods customers may use'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "orders" -d 'Orders, fulfilment and cancellation'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "refunds" -d 'Refunds to customers'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "payouts" -d 'Payouts from the provider, and reconciliation'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "sync" -d 'Push local changes to the provider and pull what happened there'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "provider" -d 'Which payment provider the shop uses, and its settings'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "channel" -d 'Which chat storefront the shop talks to (sandbox or WhatsApp), and its settings'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "serve" -d 'Receive webhooks (WhatsApp, Stripe, Razorpay) over HTTP, store them, then process them'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "inbox" -d 'Webhook deliveries received, and retrying those whose processing failed'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "sandbox" -d 'The embedded sandbox provider: simulate customers and payouts'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "config" -d 'The shop\'s settings (image base URL, payout schedule, ...)'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "db" -d 'Check, back up or migrate the shop file'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "generate-docs" -d 'Write completions/ and man/ from these definitions (for shopctl\'s developers)'
complete -c shopctl -n "__fish_shopctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -l name -d 'The shop\'s name, as customers see it' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -l country -d 'Where the shop sells: an ISO 3166-1 alpha-2 code (SG, IN, BR, ...)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -l currency -d 'The shop\'s currency, ISO 4217 [default: the country\'s currency]' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -l provider -d 'The payment provider (the sandbox works offline; `shopctl provider set` sets up the others)' -r -f -a "sandbox\t'The embedded offline provider (simulated customers)'
stripe\t'Stripe (set its key with `shopctl provider set stripe`)'
razorpay\t'Razorpay (set its keys with `shopctl provider set razorpay`)'"
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand init" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand status" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand status" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand status" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand status" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand status" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand status" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand demo" -l dir -d 'Put the demo shop here (a new temporary folder otherwise; it is kept and printed)' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand demo" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand demo" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand demo" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand demo" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand demo" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand demo" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "import" -d 'Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "export" -d 'Export the catalog as CSV'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "list" -d 'List products'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "show" -d 'Show one product'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "add" -d 'Add a product (in the shop\'s currency)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "edit" -d 'Change products\' fields: one SKU, several, --search, --group, or an update file'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "stock" -d 'Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "archive" -d 'Stop selling products (they stay in the shop file)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "images" -d 'Images stored in the shop file'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "publish" -d 'Publish the catalog to the chat storefront now (what `sync` does for the catalog)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and not __fish_seen_subcommand_from import export list show add edit stock archive images publish help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l images -d 'A folder of images: paths in the CSV are relative to it, and SKU.jpg / SKU-2.png are picked up' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l dialect -d 'The file\'s layout (auto: detected from the header row)' -r -f -a "auto\t'Detect the layout from the header row (imports only)'
native\t'shopctl\'s own columns'
shopify\t'A Shopify products export'
woocommerce\t'A WooCommerce products export'
meta\t'A Meta (Facebook/WhatsApp) catalog feed'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l mode -d 'upsert creates or updates by SKU; create rejects existing SKUs; update rejects unknown ones' -r -f -a "upsert\t'Create new SKUs and update existing ones'
create\t'Only create: an existing SKU is an invalid row'
update\t'Only update: an unknown SKU is an invalid row'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l on-duplicate -d 'A SKU on several rows of a file: error rejects every copy; first or last imports that one' -r -f -a "error\t'Every row of a repeated SKU is an invalid row'
first\t'Import the first valid row of a SKU; leave the later ones out with a note'
last\t'Import the last valid row of a SKU, over the earlier ones, with a note'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l rejects -d 'With --skip-invalid: write each rejected row here, with an `error` column' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l currency -d 'The currency of amounts that do not name one [default: the shop\'s]' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l encoding -d 'The file\'s text encoding when it is not UTF-8, e.g. windows-1252' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l dry-run -d 'Check everything and report what would change, but write nothing (exit 3 when rows are invalid)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l skip-invalid -d 'Write the valid rows and leave out the invalid ones (see --rejects)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l decimal-comma -d 'Amounts use a decimal comma (12,50)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -l dialect -d 'The layout to write' -r -f -a "auto\t'Detect the layout from the header row (imports only)'
native\t'shopctl\'s own columns'
shopify\t'A Shopify products export'
woocommerce\t'A WooCommerce products export'
meta\t'A Meta (Facebook/WhatsApp) catalog feed'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -s o -l output -d 'Write here instead of stdout' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -l spreadsheet-safe -d 'For opening in a spreadsheet: put a \' before every cell that starts with = + - @, a tab or a carriage return, so that it is not run as a formula (the file is then not an exact copy of the catalog)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l status -d 'Only products with this status' -r -f -a "active\t''
draft\t''
archived\t''"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l search -d 'Only products whose SKU or title contains TEXT' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l category -d 'Only products in this category' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l low-stock -d 'Only products with at most N in stock (stock that is not tracked is never low)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l limit -d 'At most N products (a table shows 50 unless told)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l columns -d 'Only these columns, in this order, in every format (e.g. --columns id,status,total)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l all -d 'Every product, also in a table'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l channel-errors -d 'Only products the chat\'s catalog refused or warned about, with what it said'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from show" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from show" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from show" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l group -d 'The variant group (products with the same group are variants of one product)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l title -d 'The product\'s name' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l price -d 'The price in the shop\'s currency, e.g. 12.50' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l sale-price -d 'The sale price ("" ends the sale)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l stock -d 'Units in stock, or `untracked` (always sellable, never counted)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l status -d 'Whether it is for sale' -r -f -a "active\t''
draft\t''
archived\t''"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l description -d 'What customers read about it' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l category -d 'The product\'s category, e.g. Apparel' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l brand -d 'The brand' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l condition -d 'new, used, refurbished...' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l options -d 'Name=Value;Name=Value (e.g. Color=Red;Size=M)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l link -d 'The product page URL' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l image -d 'A JPEG or PNG file to attach (repeat for more; replaces the product\'s images)' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l search -d 'Change every product whose SKU or title contains TEXT' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l group -d 'Change every product of the variant group G (--set-group moves products to a group)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l from -d 'Change products as an update file says (any layout; only its columns change)' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l price-change -d 'Change prices by a percentage (+10%, -5%) or an amount (+2.00, -1.50)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l set-group -d 'Move the products to variant group G' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l title -d 'The product\'s name' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l price -d 'The price in the shop\'s currency, e.g. 12.50' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l sale-price -d 'The sale price ("" ends the sale)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l stock -d 'Units in stock, or `untracked` (always sellable, never counted)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l status -d 'Whether it is for sale' -r -f -a "active\t''
draft\t''
archived\t''"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l description -d 'What customers read about it' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l category -d 'The product\'s category, e.g. Apparel' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l brand -d 'The brand' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l condition -d 'new, used, refurbished...' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l options -d 'Name=Value;Name=Value (e.g. Color=Red;Size=M)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l link -d 'The product page URL' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l image -d 'A JPEG or PNG file to attach (repeat for more; replaces the product\'s images)' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l dry-run -d 'Show what would change, field by field, and write nothing'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from edit" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from stock" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from stock" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from stock" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from stock" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from stock" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from stock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from stock" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from archive" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from archive" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from archive" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from archive" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from archive" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from archive" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from archive" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from images" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from images" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from images" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from images" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from images" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from images" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from images" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from images" -f -a "export" -d 'Write every stored image to DIR, named by its hash'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from images" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from publish" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from publish" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from publish" -l dry-run -d 'Print the batches that would be sent (JSON, Meta\'s items_batch requests); send nothing'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from publish" -l full -d 'Send every product again, not only changed ones (a new catalog, or one edited by hand in Commerce Manager)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from publish" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from publish" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from publish" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from publish" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "export" -d 'Export the catalog as CSV'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "list" -d 'List products'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one product'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a product (in the shop\'s currency)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change products\' fields: one SKU, several, --search, --group, or an update file'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "stock" -d 'Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "archive" -d 'Stop selling products (they stay in the shop file)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "images" -d 'Images stored in the shop file'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "publish" -d 'Publish the catalog to the chat storefront now (what `sync` does for the catalog)'
complete -c shopctl -n "__fish_shopctl_using_subcommand catalog; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -f -a "list" -d 'Every payment method: enabled, state at the provider, markets, refund rule'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -f -a "enable" -d 'Let customers pay with these methods (told to the provider at the next sync)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -f -a "disable" -d 'Stop offering these methods (told to the provider at the next sync)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and not __fish_seen_subcommand_from list enable disable help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from list" -l columns -d 'Only these columns, in this order, in every format (e.g. --columns id,status,total)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from list" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from list" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from list" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from enable" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from enable" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from enable" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from enable" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from enable" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from disable" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from disable" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from disable" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from disable" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from disable" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every payment method: enabled, state at the provider, markets, refund rule'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Let customers pay with these methods (told to the provider at the next sync)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Stop offering these methods (told to the provider at the next sync)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payments; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -f -a "list" -d 'List orders, newest first'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -f -a "show" -d 'Show one order with its lines, payments, fulfilments, refunds and history'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -f -a "import" -d 'Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -f -a "fulfil" -d 'Ship an order, all of it or some lines'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -f -a "cancel" -d 'Cancel an order that has not shipped (a paid one is refunded in full)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -f -a "notify" -d 'Write to a chat order\'s customer (sent by the next `shopctl sync`)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and not __fish_seen_subcommand_from list show import fulfil cancel notify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l status -d 'Only orders with this status' -r -f -a "pending\t''
processing\t''
partially_shipped\t''
shipped\t''
completed\t''
canceled\t''"
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l payment -d 'Only orders with this payment status' -r -f -a "pending\t''
captured\t''
failed\t''
partially_refunded\t''
refunded\t''"
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l since -d 'Only orders created on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l until -d 'Only orders created before this date (same forms as --since)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l customer -d 'Only orders whose customer\'s phone or name contains C' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l limit -d 'At most N orders (a table shows 50 unless told)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l columns -d 'Only these columns, in this order, in every format (e.g. --columns id,status,total)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l unfulfilled -d 'Only orders with lines not yet shipped'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l all -d 'Every order, also in a table'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from show" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from show" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from show" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from import" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from import" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from import" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -l line -d 'Ship only this line, or QTY of it (repeatable)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -l carrier -d 'The carrier that takes the parcel, e.g. SingPost (told to the customer)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -l tracking -d 'The carrier\'s tracking number (told to the customer)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -l from -d 'Many shipments from a CSV of order, sku, quantity, carrier, tracking' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -l force -d 'Ship even though the order is not paid'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from fulfil" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from cancel" -l reason -d 'Why, for the customer and the history' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from cancel" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from cancel" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s y -l yes -d 'Do not ask before refunding a paid order (the question is only asked at a terminal)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from cancel" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from notify" -l text -d 'What the customer reads (WhatsApp refuses free-form text 24 hours after the customer last wrote)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from notify" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from notify" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from notify" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from notify" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from notify" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from notify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from notify" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "list" -d 'List orders, newest first'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one order with its lines, payments, fulfilments, refunds and history'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "fulfil" -d 'Ship an order, all of it or some lines'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel an order that has not shipped (a paid one is refunded in full)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "notify" -d 'Write to a chat order\'s customer (sent by the next `shopctl sync`)'
complete -c shopctl -n "__fish_shopctl_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -f -a "create" -d 'Refund an order: an amount, some lines, or all of it'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -f -a "list" -d 'List refunds'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -f -a "show" -d 'Show one refund'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and not __fish_seen_subcommand_from create list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -l amount -d 'Refund this amount' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -l line -d 'Refund this line, or QTY of it, at the price paid (repeatable)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -l reason -d 'Why, for the customer, the provider and the order\'s history' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -l idempotency-key -d 'Reuse a key to make a retried command return the first refund' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -l all -d 'Refund everything not yet refunded'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -s y -l yes -d 'Do not ask first (the question is only asked at a terminal)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -l order -d 'Only refunds of this order' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -l status -d 'Only refunds with this status' -r -f -a "pending\t''
succeeded\t''
failed\t''"
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -l since -d 'Only refunds made on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -l limit -d 'At most N rows (a table shows 50 unless told)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -l columns -d 'Only these columns, in this order, in every format (e.g. --columns id,status,total)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -l all -d 'Every row, also in a table'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from show" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from show" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from show" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from help" -f -a "create" -d 'Refund an order: an amount, some lines, or all of it'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from help" -f -a "list" -d 'List refunds'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one refund'
complete -c shopctl -n "__fish_shopctl_using_subcommand refunds; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -f -a "list" -d 'List payouts, newest first'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -f -a "show" -d 'Show one payout with its transactions'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -f -a "reconcile" -d 'Check that payouts add up to the shop\'s payments, refunds and fees (exit 3 on discrepancies)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and not __fish_seen_subcommand_from list show reconcile help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -l since -d 'Only payouts created on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -l status -d 'Only payouts with this status' -r -f -a "pending\t''
in_transit\t''
paid\t''
failed\t''
canceled\t''"
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -l limit -d 'At most N rows (a table shows 50 unless told)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -l columns -d 'Only these columns, in this order, in every format (e.g. --columns id,status,total)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -l all -d 'Every row, also in a table'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from show" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from show" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from show" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -l since -d 'Only payouts created on or after this date (same forms as `payouts list --since`)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -l payout -d 'Only this payout' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -l report -d 'Reconcile a Stripe itemized payout reconciliation report (CSV) instead of synced payouts' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from reconcile" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from help" -f -a "list" -d 'List payouts, newest first'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one payout with its transactions'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from help" -f -a "reconcile" -d 'Check that payouts add up to the shop\'s payments, refunds and fees (exit 3 on discrepancies)'
complete -c shopctl -n "__fish_shopctl_using_subcommand payouts; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -l columns -d 'Only these columns, in this order, in every format (e.g. --columns id,status,total)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -l push-only -d 'Only push local changes'
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -l pull-only -d 'Only pull what happened at the provider'
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -l dry-run -d 'Say what would be pushed, change nothing'
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -l full -d 'Push the whole catalog and the enabled payment methods again and pull everything from the start, as for a new provider account (which sync does by itself when the account changes)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand sync" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -f -a "show" -d 'The provider and its settings (never the key itself)'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -f -a "set" -d 'Switch provider or change its settings'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and not __fish_seen_subcommand_from show set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from show" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from show" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from show" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l api-key-env -d 'Stripe: read the API key from this environment variable' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l api-key-file -d 'Stripe: read the API key from this file (mode 0600)' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l account -d 'Stripe Connect: act for this connected account (Stripe-Account header on every call)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l key-id-env -d 'Razorpay: read the key id from this environment variable' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l key-secret-env -d 'Razorpay: read the key secret from this environment variable' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l api-base -d 'The API\'s base URL (e.g. a local test server)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l webhook-secret-env -d 'Read the webhook signing secret (for `shopctl serve`) from this environment variable' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l no-account -d 'Stripe Connect: act for the platform\'s own account again'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "show" -d 'The provider and its settings (never the key itself)'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "set" -d 'Switch provider or change its settings'
complete -c shopctl -n "__fish_shopctl_using_subcommand provider; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -f -a "show" -d 'The channel and its settings (where each secret lives, never the secret)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -f -a "set" -d 'Choose the chat channel: sandbox (offline), or whatsapp (Meta\'s Cloud API)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and not __fish_seen_subcommand_from show set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from show" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from show" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from show" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l phone-number-id -d 'The WhatsApp business phone number\'s id (Meta\'s app dashboard, API setup)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l catalog-id -d 'The id of the Meta catalog connected to the WhatsApp account' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l token-env -d 'Read the access token (a system user token) from this environment variable' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l token-file -d 'Read the access token from this file (mode 0600)' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l app-secret-env -d 'Read the Meta app secret (signs the webhooks) from this environment variable' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l app-secret-file -d 'Read the Meta app secret from this file (mode 0600)' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l verify-token-env -d 'Read the webhook verify token (you chose it in Meta\'s dashboard) from this variable' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l verify-token-file -d 'Read the webhook verify token from this file (mode 0600)' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l graph-base -d 'The Graph API\'s base URL (e.g. a local test server) [default: https://graph.facebook.com]' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "show" -d 'The channel and its settings (where each secret lives, never the secret)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "set" -d 'Choose the chat channel: sandbox (offline), or whatsapp (Meta\'s Cloud API)'
complete -c shopctl -n "__fish_shopctl_using_subcommand channel; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand serve" -l listen -d 'Address and port to listen on (port 0: any free port, printed at start)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand serve" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand serve" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand serve" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand serve" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand serve" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand serve" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -f -a "list" -d 'Deliveries, newest first'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -f -a "retry" -d 'Process a failed delivery again (after fixing its cause, e.g. adding the SKU)'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and not __fish_seen_subcommand_from list retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -l limit -d 'At most this many' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -l columns -d 'Only these columns, in this order, in every format (e.g. --columns id,status,total)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -l failed -d 'Only deliveries whose processing failed'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from retry" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from retry" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from retry" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from help" -f -a "list" -d 'Deliveries, newest first'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Process a failed delivery again (after fixing its cause, e.g. adding the SKU)'
complete -c shopctl -n "__fish_shopctl_using_subcommand inbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -f -a "simulate" -d 'Play customers ordering and paying, and the provider paying out'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -f -a "payout" -d 'Pay out now everything the sandbox holds (e.g. today\'s refunds), as an instant payout'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -f -a "pay" -d 'A customer pays in the chat for an order the shop imported from WhatsApp'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -f -a "messages" -d 'The sandbox chat: the carts customers sent and every message the shop sent them'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and not __fish_seen_subcommand_from simulate payout pay messages help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -l orders -d 'How many orders customers place' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -l days -d 'Over how many days before now (payouts are made per day)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -l seed -d 'The same seed gives the same customers, orders and payouts' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -l failure-rate -d 'The share of payments that fail, 0 to 1' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -l discrepancies -d 'Plant K reconciliation faults in the payouts this run makes' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -l fee -d 'A method\'s fee, remembered by the sandbox: METHOD=PCT%[+FIXED], e.g. card=2.9%+0.30' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from simulate" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from payout" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from payout" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from payout" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from payout" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from payout" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from payout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from payout" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from pay" -l method -d 'The payment method the customer uses (enabled at the sandbox)' -r -f -a "card\t''
paynow\t''
upi\t''
pix\t''
boleto\t''
meta_pay\t''"
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from pay" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from pay" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from pay" -l fail -d 'The payment fails (the order stays unpaid and gives its stock back at the next sync)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from pay" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from pay" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from pay" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from pay" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from pay" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from messages" -l to -d 'Only the chat with this customer (their WhatsApp number, with or without +)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from messages" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from messages" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from messages" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from messages" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from messages" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from messages" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from messages" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "simulate" -d 'Play customers ordering and paying, and the provider paying out'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "payout" -d 'Pay out now everything the sandbox holds (e.g. today\'s refunds), as an instant payout'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "pay" -d 'A customer pays in the chat for an order the shop imported from WhatsApp'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "messages" -d 'The sandbox chat: the carts customers sent and every message the shop sent them'
complete -c shopctl -n "__fish_shopctl_using_subcommand sandbox; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -f -a "list" -d 'Every setting: its value, its default and what it means'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -f -a "get" -d 'Print one setting\'s value (its default when it is not set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -f -a "set" -d 'Change a setting (checked before it is stored)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -f -a "unset" -d 'Remove a setting, so that its default applies again'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and not __fish_seen_subcommand_from list get set unset help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from list" -l columns -d 'Only these columns, in this order, in every format (e.g. --columns id,status,total)' -r
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from list" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from list" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from list" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from get" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from get" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from get" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from set" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from set" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from set" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from unset" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from unset" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from unset" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every setting: its value, its default and what it means'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one setting\'s value (its default when it is not set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a setting (checked before it is stored)'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Remove a setting, so that its default applies again'
complete -c shopctl -n "__fish_shopctl_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -f -a "check" -d 'Run SQLite\'s integrity and foreign-key checks and check the kept counts (exit 3 on problems)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -f -a "backup" -d 'Copy the shop to FILE with SQLite\'s online backup, consistent even while others write'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -f -a "migrate" -d 'Bring the shop file\'s schema up to this shopctl\'s version (opening does this too)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and not __fish_seen_subcommand_from check backup migrate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from check" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from check" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from check" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from backup" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from backup" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from backup" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from backup" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from backup" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from backup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from backup" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from migrate" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from migrate" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from migrate" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from migrate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from migrate" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "check" -d 'Run SQLite\'s integrity and foreign-key checks and check the kept counts (exit 3 on problems)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "backup" -d 'Copy the shop to FILE with SQLite\'s online backup, consistent even while others write'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "migrate" -d 'Bring the shop file\'s schema up to this shopctl\'s version (opening does this too)'
complete -c shopctl -n "__fish_shopctl_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand completions" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand completions" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand completions" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand completions" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand completions" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand generate-docs" -l db -d 'The shop file [default: $SHOPCTL_DB, else shop.db in the user\'s data directory]' -r -F
complete -c shopctl -n "__fish_shopctl_using_subcommand generate-docs" -l format -d 'How to print results: tables for people, JSON or CSV for scripts' -r -f -a "table\t'Tables and sentences for people'
json\t'One JSON document (compact, one per line, when stdout is not a terminal)'
csv\t'A header row and rows, the same keys as JSON'"
complete -c shopctl -n "__fish_shopctl_using_subcommand generate-docs" -s q -l quiet -d 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
complete -c shopctl -n "__fish_shopctl_using_subcommand generate-docs" -s v -l verbose -d 'Say more about what is happening (on stderr)'
complete -c shopctl -n "__fish_shopctl_using_subcommand generate-docs" -l no-progress -d 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand generate-docs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c shopctl -n "__fish_shopctl_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "init" -d 'Create a new shop file'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "status" -d 'What is in the shop, what waits to sync, and the last reconciliation'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "demo" -d 'Play the whole flow on a throwaway shop, offline'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "catalog" -d 'Products, variants, stock and images'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "payments" -d 'Which payment methods customers may use'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "orders" -d 'Orders, fulfilment and cancellation'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "refunds" -d 'Refunds to customers'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "payouts" -d 'Payouts from the provider, and reconciliation'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "sync" -d 'Push local changes to the provider and pull what happened there'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "provider" -d 'Which payment provider the shop uses, and its settings'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "channel" -d 'Which chat storefront the shop talks to (sandbox or WhatsApp), and its settings'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "serve" -d 'Receive webhooks (WhatsApp, Stripe, Razorpay) over HTTP, store them, then process them'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "inbox" -d 'Webhook deliveries received, and retrying those whose processing failed'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "sandbox" -d 'The embedded sandbox provider: simulate customers and payouts'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "config" -d 'The shop\'s settings (image base URL, payout schedule, ...)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "db" -d 'Check, back up or migrate the shop file'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "completions" -d 'Print a shell completion script'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "generate-docs" -d 'Write completions/ and man/ from these definitions (for shopctl\'s developers)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and not __fish_seen_subcommand_from init status demo catalog payments orders refunds payouts sync provider channel serve inbox sandbox config db completions generate-docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "import" -d 'Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "export" -d 'Export the catalog as CSV'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "list" -d 'List products'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "show" -d 'Show one product'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "add" -d 'Add a product (in the shop\'s currency)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "edit" -d 'Change products\' fields: one SKU, several, --search, --group, or an update file'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "stock" -d 'Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "archive" -d 'Stop selling products (they stay in the shop file)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "images" -d 'Images stored in the shop file'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from catalog" -f -a "publish" -d 'Publish the catalog to the chat storefront now (what `sync` does for the catalog)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from payments" -f -a "list" -d 'Every payment method: enabled, state at the provider, markets, refund rule'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from payments" -f -a "enable" -d 'Let customers pay with these methods (told to the provider at the next sync)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from payments" -f -a "disable" -d 'Stop offering these methods (told to the provider at the next sync)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "list" -d 'List orders, newest first'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "show" -d 'Show one order with its lines, payments, fulfilments, refunds and history'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "import" -d 'Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "fulfil" -d 'Ship an order, all of it or some lines'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "cancel" -d 'Cancel an order that has not shipped (a paid one is refunded in full)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "notify" -d 'Write to a chat order\'s customer (sent by the next `shopctl sync`)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from refunds" -f -a "create" -d 'Refund an order: an amount, some lines, or all of it'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from refunds" -f -a "list" -d 'List refunds'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from refunds" -f -a "show" -d 'Show one refund'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from payouts" -f -a "list" -d 'List payouts, newest first'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from payouts" -f -a "show" -d 'Show one payout with its transactions'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from payouts" -f -a "reconcile" -d 'Check that payouts add up to the shop\'s payments, refunds and fees (exit 3 on discrepancies)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "show" -d 'The provider and its settings (never the key itself)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from provider" -f -a "set" -d 'Switch provider or change its settings'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from channel" -f -a "show" -d 'The channel and its settings (where each secret lives, never the secret)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from channel" -f -a "set" -d 'Choose the chat channel: sandbox (offline), or whatsapp (Meta\'s Cloud API)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from inbox" -f -a "list" -d 'Deliveries, newest first'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from inbox" -f -a "retry" -d 'Process a failed delivery again (after fixing its cause, e.g. adding the SKU)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "simulate" -d 'Play customers ordering and paying, and the provider paying out'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "payout" -d 'Pay out now everything the sandbox holds (e.g. today\'s refunds), as an instant payout'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "pay" -d 'A customer pays in the chat for an order the shop imported from WhatsApp'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from sandbox" -f -a "messages" -d 'The sandbox chat: the carts customers sent and every message the shop sent them'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'Every setting: its value, its default and what it means'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "get" -d 'Print one setting\'s value (its default when it is not set)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "set" -d 'Change a setting (checked before it is stored)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "unset" -d 'Remove a setting, so that its default applies again'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "check" -d 'Run SQLite\'s integrity and foreign-key checks and check the kept counts (exit 3 on problems)'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "backup" -d 'Copy the shop to FILE with SQLite\'s online backup, consistent even while others write'
complete -c shopctl -n "__fish_shopctl_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "migrate" -d 'Bring the shop file\'s schema up to this shopctl\'s version (opening does this too)'
