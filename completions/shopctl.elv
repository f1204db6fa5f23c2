
use builtin;
use str;

set edit:completion:arg-completer[shopctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'shopctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'shopctl'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create a new shop file'
            cand status 'What is in the shop, what waits to sync, and the last reconciliation'
            cand demo 'Play the whole flow on a throwaway shop, offline'
            cand catalog 'Products, variants, stock and images'
            cand payments 'Which payment methods customers may use'
            cand orders 'Orders, fulfilment and cancellation'
            cand refunds 'Refunds to customers'
            cand payouts 'Payouts from the provider, and reconciliation'
            cand sync 'Push local changes to the provider and pull what happened there'
            cand provider 'Which payment provider the shop uses, and its settings'
            cand channel 'Which chat storefront the shop talks to (sandbox or WhatsApp), and its settings'
            cand serve 'Receive webhooks (WhatsApp, Stripe, Razorpay) over HTTP, store them, then process them'
            cand inbox 'Webhook deliveries received, and retrying those whose processing failed'
            cand sandbox 'The embedded sandbox provider: simulate customers and payouts'
            cand config 'The shop''s settings (image base URL, payout schedule, ...)'
            cand db 'Check, back up or migrate the shop file'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Write completions/ and man/ from these definitions (for shopctl''s developers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;init'= {
            cand --name 'The shop''s name, as customers see it'
            cand --country 'Where the shop sells: an ISO 3166-1 alpha-2 code (SG, IN, BR, ...)'
            cand --currency 'The shop''s currency, ISO 4217 [default: the country''s currency]'
            cand --provider 'The payment provider (the sandbox works offline; `shopctl provider set` sets up the others)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;status'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;demo'= {
            cand --dir 'Put the demo shop here (a new temporary folder otherwise; it is kept and printed)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand import 'Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)'
            cand export 'Export the catalog as CSV'
            cand list 'List products'
            cand show 'Show one product'
            cand add 'Add a product (in the shop''s currency)'
            cand edit 'Change products'' fields: one SKU, several, --search, --group, or an update file'
            cand stock 'Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops'
            cand archive 'Stop selling products (they stay in the shop file)'
            cand images 'Images stored in the shop file'
            cand publish 'Publish the catalog to the chat storefront now (what `sync` does for the catalog)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;catalog;import'= {
            cand --images 'A folder of images: paths in the CSV are relative to it, and SKU.jpg / SKU-2.png are picked up'
            cand --dialect 'The file''s layout (auto: detected from the header row)'
            cand --mode 'upsert creates or updates by SKU; create rejects existing SKUs; update rejects unknown ones'
            cand --on-duplicate 'A SKU on several rows of a file: error rejects every copy; first or last imports that one'
            cand --rejects 'With --skip-invalid: write each rejected row here, with an `error` column'
            cand --currency 'The currency of amounts that do not name one [default: the shop''s]'
            cand --encoding 'The file''s text encoding when it is not UTF-8, e.g. windows-1252'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --dry-run 'Check everything and report what would change, but write nothing (exit 3 when rows are invalid)'
            cand --skip-invalid 'Write the valid rows and leave out the invalid ones (see --rejects)'
            cand --decimal-comma 'Amounts use a decimal comma (12,50)'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;export'= {
            cand --dialect 'The layout to write'
            cand -o 'Write here instead of stdout'
            cand --output 'Write here instead of stdout'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --spreadsheet-safe 'For opening in a spreadsheet: put a '' before every cell that starts with = + - @, a tab or a carriage return, so that it is not run as a formula (the file is then not an exact copy of the catalog)'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;list'= {
            cand --status 'Only products with this status'
            cand --search 'Only products whose SKU or title contains TEXT'
            cand --category 'Only products in this category'
            cand --low-stock 'Only products with at most N in stock (stock that is not tracked is never low)'
            cand --limit 'At most N products (a table shows 50 unless told)'
            cand --columns 'Only these columns, in this order, in every format (e.g. --columns id,status,total)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --all 'Every product, also in a table'
            cand --channel-errors 'Only products the chat''s catalog refused or warned about, with what it said'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;show'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;add'= {
            cand --group 'The variant group (products with the same group are variants of one product)'
            cand --title 'The product''s name'
            cand --price 'The price in the shop''s currency, e.g. 12.50'
            cand --sale-price 'The sale price ("" ends the sale)'
            cand --stock 'Units in stock, or `untracked` (always sellable, never counted)'
            cand --status 'Whether it is for sale'
            cand --description 'What customers read about it'
            cand --category 'The product''s category, e.g. Apparel'
            cand --brand 'The brand'
            cand --condition 'new, used, refurbished...'
            cand --options 'Name=Value;Name=Value (e.g. Color=Red;Size=M)'
            cand --link 'The product page URL'
            cand --image 'A JPEG or PNG file to attach (repeat for more; replaces the product''s images)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;edit'= {
            cand --search 'Change every product whose SKU or title contains TEXT'
            cand --group 'Change every product of the variant group G (--set-group moves products to a group)'
            cand --from 'Change products as an update file says (any layout; only its columns change)'
            cand --price-change 'Change prices by a percentage (+10%, -5%) or an amount (+2.00, -1.50)'
            cand --set-group 'Move the products to variant group G'
            cand --title 'The product''s name'
            cand --price 'The price in the shop''s currency, e.g. 12.50'
            cand --sale-price 'The sale price ("" ends the sale)'
            cand --stock 'Units in stock, or `untracked` (always sellable, never counted)'
            cand --status 'Whether it is for sale'
            cand --description 'What customers read about it'
            cand --category 'The product''s category, e.g. Apparel'
            cand --brand 'The brand'
            cand --condition 'new, used, refurbished...'
            cand --options 'Name=Value;Name=Value (e.g. Color=Red;Size=M)'
            cand --link 'The product page URL'
            cand --image 'A JPEG or PNG file to attach (repeat for more; replaces the product''s images)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --dry-run 'Show what would change, field by field, and write nothing'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;stock'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;archive'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;images'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand export 'Write every stored image to DIR, named by its hash'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;catalog;images;export'= {
            cand --mode 'The files'' mode, in octal: 644 lets a web host read them (folders made for them get 755). Default: 600, only you'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;images;help'= {
            cand export 'Write every stored image to DIR, named by its hash'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;catalog;images;help;export'= {
        }
        &'shopctl;catalog;images;help;help'= {
        }
        &'shopctl;catalog;publish'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --dry-run 'Print the batches that would be sent (JSON, Meta''s items_batch requests); send nothing'
            cand --full 'Send every product again, not only changed ones (a new catalog, or one edited by hand in Commerce Manager)'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;catalog;help'= {
            cand import 'Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)'
            cand export 'Export the catalog as CSV'
            cand list 'List products'
            cand show 'Show one product'
            cand add 'Add a product (in the shop''s currency)'
            cand edit 'Change products'' fields: one SKU, several, --search, --group, or an update file'
            cand stock 'Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops'
            cand archive 'Stop selling products (they stay in the shop file)'
            cand images 'Images stored in the shop file'
            cand publish 'Publish the catalog to the chat storefront now (what `sync` does for the catalog)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;catalog;help;import'= {
        }
        &'shopctl;catalog;help;export'= {
        }
        &'shopctl;catalog;help;list'= {
        }
        &'shopctl;catalog;help;show'= {
        }
        &'shopctl;catalog;help;add'= {
        }
        &'shopctl;catalog;help;edit'= {
        }
        &'shopctl;catalog;help;stock'= {
        }
        &'shopctl;catalog;help;archive'= {
        }
        &'shopctl;catalog;help;images'= {
            cand export 'Write every stored image to DIR, named by its hash'
        }
        &'shopctl;catalog;help;images;export'= {
        }
        &'shopctl;catalog;help;publish'= {
        }
        &'shopctl;catalog;help;help'= {
        }
        &'shopctl;payments'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every payment method: enabled, state at the provider, markets, refund rule'
            cand enable 'Let customers pay with these methods (told to the provider at the next sync)'
            cand disable 'Stop offering these methods (told to the provider at the next sync)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;payments;list'= {
            cand --columns 'Only these columns, in this order, in every format (e.g. --columns id,status,total)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;payments;enable'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;payments;disable'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;payments;help'= {
            cand list 'Every payment method: enabled, state at the provider, markets, refund rule'
            cand enable 'Let customers pay with these methods (told to the provider at the next sync)'
            cand disable 'Stop offering these methods (told to the provider at the next sync)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;payments;help;list'= {
        }
        &'shopctl;payments;help;enable'= {
        }
        &'shopctl;payments;help;disable'= {
        }
        &'shopctl;payments;help;help'= {
        }
        &'shopctl;orders'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List orders, newest first'
            cand show 'Show one order with its lines, payments, fulfilments, refunds and history'
            cand import 'Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)'
            cand fulfil 'Ship an order, all of it or some lines'
            cand cancel 'Cancel an order that has not shipped (a paid one is refunded in full)'
            cand notify 'Write to a chat order''s customer (sent by the next `shopctl sync`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;orders;list'= {
            cand --status 'Only orders with this status'
            cand --payment 'Only orders with this payment status'
            cand --since 'Only orders created on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339'
            cand --until 'Only orders created before this date (same forms as --since)'
            cand --customer 'Only orders whose customer''s phone or name contains C'
            cand --limit 'At most N orders (a table shows 50 unless told)'
            cand --columns 'Only these columns, in this order, in every format (e.g. --columns id,status,total)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --unfulfilled 'Only orders with lines not yet shipped'
            cand --all 'Every order, also in a table'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;orders;show'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;orders;import'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;orders;fulfil'= {
            cand --line 'Ship only this line, or QTY of it (repeatable)'
            cand --carrier 'The carrier that takes the parcel, e.g. SingPost (told to the customer)'
            cand --tracking 'The carrier''s tracking number (told to the customer)'
            cand --from 'Many shipments from a CSV of order, sku, quantity, carrier, tracking'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --force 'Ship even though the order is not paid'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;orders;cancel'= {
            cand --reason 'Why, for the customer and the history'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -y 'Do not ask before refunding a paid order (the question is only asked at a terminal)'
            cand --yes 'Do not ask before refunding a paid order (the question is only asked at a terminal)'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;orders;notify'= {
            cand --text 'What the customer reads (WhatsApp refuses free-form text 24 hours after the customer last wrote)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;orders;help'= {
            cand list 'List orders, newest first'
            cand show 'Show one order with its lines, payments, fulfilments, refunds and history'
            cand import 'Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)'
            cand fulfil 'Ship an order, all of it or some lines'
            cand cancel 'Cancel an order that has not shipped (a paid one is refunded in full)'
            cand notify 'Write to a chat order''s customer (sent by the next `shopctl sync`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;orders;help;list'= {
        }
        &'shopctl;orders;help;show'= {
        }
        &'shopctl;orders;help;import'= {
        }
        &'shopctl;orders;help;fulfil'= {
        }
        &'shopctl;orders;help;cancel'= {
        }
        &'shopctl;orders;help;notify'= {
        }
        &'shopctl;orders;help;help'= {
        }
        &'shopctl;refunds'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Refund an order: an amount, some lines, or all of it'
            cand list 'List refunds'
            cand show 'Show one refund'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;refunds;create'= {
            cand --amount 'Refund this amount'
            cand --line 'Refund this line, or QTY of it, at the price paid (repeatable)'
            cand --reason 'Why, for the customer, the provider and the order''s history'
            cand --idempotency-key 'Reuse a key to make a retried command return the first refund'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --all 'Refund everything not yet refunded'
            cand -y 'Do not ask first (the question is only asked at a terminal)'
            cand --yes 'Do not ask first (the question is only asked at a terminal)'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;refunds;list'= {
            cand --order 'Only refunds of this order'
            cand --status 'Only refunds with this status'
            cand --since 'Only refunds made on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339'
            cand --limit 'At most N rows (a table shows 50 unless told)'
            cand --columns 'Only these columns, in this order, in every format (e.g. --columns id,status,total)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --all 'Every row, also in a table'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;refunds;show'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;refunds;help'= {
            cand create 'Refund an order: an amount, some lines, or all of it'
            cand list 'List refunds'
            cand show 'Show one refund'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;refunds;help;create'= {
        }
        &'shopctl;refunds;help;list'= {
        }
        &'shopctl;refunds;help;show'= {
        }
        &'shopctl;refunds;help;help'= {
        }
        &'shopctl;payouts'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List payouts, newest first'
            cand show 'Show one payout with its transactions'
            cand reconcile 'Check that payouts add up to the shop''s payments, refunds and fees (exit 3 on discrepancies)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;payouts;list'= {
            cand --since 'Only payouts created on or after this date: 2026-11-01, today, yesterday, 7d, or RFC 3339'
            cand --status 'Only payouts with this status'
            cand --limit 'At most N rows (a table shows 50 unless told)'
            cand --columns 'Only these columns, in this order, in every format (e.g. --columns id,status,total)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --all 'Every row, also in a table'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;payouts;show'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;payouts;reconcile'= {
            cand --since 'Only payouts created on or after this date (same forms as `payouts list --since`)'
            cand --payout 'Only this payout'
            cand --report 'Reconcile a Stripe itemized payout reconciliation report (CSV) instead of synced payouts'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;payouts;help'= {
            cand list 'List payouts, newest first'
            cand show 'Show one payout with its transactions'
            cand reconcile 'Check that payouts add up to the shop''s payments, refunds and fees (exit 3 on discrepancies)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;payouts;help;list'= {
        }
        &'shopctl;payouts;help;show'= {
        }
        &'shopctl;payouts;help;reconcile'= {
        }
        &'shopctl;payouts;help;help'= {
        }
        &'shopctl;sync'= {
            cand --columns 'Only these columns, in this order, in every format (e.g. --columns id,status,total)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --push-only 'Only push local changes'
            cand --pull-only 'Only pull what happened at the provider'
            cand --dry-run 'Say what would be pushed, change nothing'
            cand --full 'Push the whole catalog and the enabled payment methods again and pull everything from the start, as for a new provider account (which sync does by itself when the account changes)'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;provider'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'The provider and its settings (never the key itself)'
            cand set 'Switch provider or change its settings'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;provider;show'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;provider;set'= {
            cand --api-key-env 'Stripe: read the API key from this environment variable'
            cand --api-key-file 'Stripe: read the API key from this file (mode 0600)'
            cand --account 'Stripe Connect: act for this connected account (Stripe-Account header on every call)'
            cand --key-id-env 'Razorpay: read the key id from this environment variable'
            cand --key-secret-env 'Razorpay: read the key secret from this environment variable'
            cand --api-base 'The API''s base URL (e.g. a local test server)'
            cand --webhook-secret-env 'Read the webhook signing secret (for `shopctl serve`) from this environment variable'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --no-account 'Stripe Connect: act for the platform''s own account again'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;provider;help'= {
            cand show 'The provider and its settings (never the key itself)'
            cand set 'Switch provider or change its settings'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;provider;help;show'= {
        }
        &'shopctl;provider;help;set'= {
        }
        &'shopctl;provider;help;help'= {
        }
        &'shopctl;channel'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'The channel and its settings (where each secret lives, never the secret)'
            cand set 'Choose the chat channel: sandbox (offline), or whatsapp (Meta''s Cloud API)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;channel;show'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;channel;set'= {
            cand --phone-number-id 'The WhatsApp business phone number''s id (Meta''s app dashboard, API setup)'
            cand --catalog-id 'The id of the Meta catalog connected to the WhatsApp account'
            cand --token-env 'Read the access token (a system user token) from this environment variable'
            cand --token-file 'Read the access token from this file (mode 0600)'
            cand --app-secret-env 'Read the Meta app secret (signs the webhooks) from this environment variable'
            cand --app-secret-file 'Read the Meta app secret from this file (mode 0600)'
            cand --verify-token-env 'Read the webhook verify token (you chose it in Meta''s dashboard) from this variable'
            cand --verify-token-file 'Read the webhook verify token from this file (mode 0600)'
            cand --graph-base 'The Graph API''s base URL (e.g. a local test server) [default: https://graph.facebook.com]'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;channel;help'= {
            cand show 'The channel and its settings (where each secret lives, never the secret)'
            cand set 'Choose the chat channel: sandbox (offline), or whatsapp (Meta''s Cloud API)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;channel;help;show'= {
        }
        &'shopctl;channel;help;set'= {
        }
        &'shopctl;channel;help;help'= {
        }
        &'shopctl;serve'= {
            cand --listen 'Address and port to listen on (port 0: any free port, printed at start)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;inbox'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Deliveries, newest first'
            cand retry 'Process a failed delivery again (after fixing its cause, e.g. adding the SKU)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;inbox;list'= {
            cand --limit 'At most this many'
            cand --columns 'Only these columns, in this order, in every format (e.g. --columns id,status,total)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --failed 'Only deliveries whose processing failed'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;inbox;retry'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;inbox;help'= {
            cand list 'Deliveries, newest first'
            cand retry 'Process a failed delivery again (after fixing its cause, e.g. adding the SKU)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;inbox;help;list'= {
        }
        &'shopctl;inbox;help;retry'= {
        }
        &'shopctl;inbox;help;help'= {
        }
        &'shopctl;sandbox'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand simulate 'Play customers ordering and paying, and the provider paying out'
            cand payout 'Pay out now everything the sandbox holds (e.g. today''s refunds), as an instant payout'
            cand pay 'A customer pays in the chat for an order the shop imported from WhatsApp'
            cand messages 'The sandbox chat: the carts customers sent and every message the shop sent them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;sandbox;simulate'= {
            cand --orders 'How many orders customers place'
            cand --days 'Over how many days before now (payouts are made per day)'
            cand --seed 'The same seed gives the same customers, orders and payouts'
            cand --failure-rate 'The share of payments that fail, 0 to 1'
            cand --discrepancies 'Plant K reconciliation faults in the payouts this run makes'
            cand --fee 'A method''s fee, remembered by the sandbox: METHOD=PCT%[+FIXED], e.g. card=2.9%+0.30'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;sandbox;payout'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;sandbox;pay'= {
            cand --method 'The payment method the customer uses (enabled at the sandbox)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand --fail 'The payment fails (the order stays unpaid and gives its stock back at the next sync)'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;sandbox;messages'= {
            cand --to 'Only the chat with this customer (their WhatsApp number, with or without +)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;sandbox;help'= {
            cand simulate 'Play customers ordering and paying, and the provider paying out'
            cand payout 'Pay out now everything the sandbox holds (e.g. today''s refunds), as an instant payout'
            cand pay 'A customer pays in the chat for an order the shop imported from WhatsApp'
            cand messages 'The sandbox chat: the carts customers sent and every message the shop sent them'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;sandbox;help;simulate'= {
        }
        &'shopctl;sandbox;help;payout'= {
        }
        &'shopctl;sandbox;help;pay'= {
        }
        &'shopctl;sandbox;help;messages'= {
        }
        &'shopctl;sandbox;help;help'= {
        }
        &'shopctl;config'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Every setting: its value, its default and what it means'
            cand get 'Print one setting''s value (its default when it is not set)'
            cand set 'Change a setting (checked before it is stored)'
            cand unset 'Remove a setting, so that its default applies again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;config;list'= {
            cand --columns 'Only these columns, in this order, in every format (e.g. --columns id,status,total)'
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;config;get'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;config;set'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;config;unset'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;config;help'= {
            cand list 'Every setting: its value, its default and what it means'
            cand get 'Print one setting''s value (its default when it is not set)'
            cand set 'Change a setting (checked before it is stored)'
            cand unset 'Remove a setting, so that its default applies again'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;config;help;list'= {
        }
        &'shopctl;config;help;get'= {
        }
        &'shopctl;config;help;set'= {
        }
        &'shopctl;config;help;unset'= {
        }
        &'shopctl;config;help;help'= {
        }
        &'shopctl;db'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand check 'Run SQLite''s integrity and foreign-key checks and check the kept counts (exit 3 on problems)'
            cand backup 'Copy the shop to FILE with SQLite''s online backup, consistent even while others write'
            cand migrate 'Bring the shop file''s schema up to this shopctl''s version (opening does this too)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;db;check'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;db;backup'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;db;migrate'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;db;help'= {
            cand check 'Run SQLite''s integrity and foreign-key checks and check the kept counts (exit 3 on problems)'
            cand backup 'Copy the shop to FILE with SQLite''s online backup, consistent even while others write'
            cand migrate 'Bring the shop file''s schema up to this shopctl''s version (opening does this too)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;db;help;check'= {
        }
        &'shopctl;db;help;backup'= {
        }
        &'shopctl;db;help;migrate'= {
        }
        &'shopctl;db;help;help'= {
        }
        &'shopctl;completions'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;generate-docs'= {
            cand --db 'The shop file [default: $SHOPCTL_DB, else shop.db in the user''s data directory]'
            cand --format 'How to print results: tables for people, JSON or CSV for scripts'
            cand -q 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand --quiet 'Print only what the command exists to print (lists, shows, exports), warnings and errors: no summaries, confirmations or hints'
            cand -v 'Say more about what is happening (on stderr)'
            cand --verbose 'Say more about what is happening (on stderr)'
            cand --no-progress 'No progress bars (they are also off when stderr is not a terminal or NO_COLOR is set)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'shopctl;help'= {
            cand init 'Create a new shop file'
            cand status 'What is in the shop, what waits to sync, and the last reconciliation'
            cand demo 'Play the whole flow on a throwaway shop, offline'
            cand catalog 'Products, variants, stock and images'
            cand payments 'Which payment methods customers may use'
            cand orders 'Orders, fulfilment and cancellation'
            cand refunds 'Refunds to customers'
            cand payouts 'Payouts from the provider, and reconciliation'
            cand sync 'Push local changes to the provider and pull what happened there'
            cand provider 'Which payment provider the shop uses, and its settings'
            cand channel 'Which chat storefront the shop talks to (sandbox or WhatsApp), and its settings'
            cand serve 'Receive webhooks (WhatsApp, Stripe, Razorpay) over HTTP, store them, then process them'
            cand inbox 'Webhook deliveries received, and retrying those whose processing failed'
            cand sandbox 'The embedded sandbox provider: simulate customers and payouts'
            cand config 'The shop''s settings (image base URL, payout schedule, ...)'
            cand db 'Check, back up or migrate the shop file'
            cand completions 'Print a shell completion script'
            cand generate-docs 'Write completions/ and man/ from these definitions (for shopctl''s developers)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'shopctl;help;init'= {
        }
        &'shopctl;help;status'= {
        }
        &'shopctl;help;demo'= {
        }
        &'shopctl;help;catalog'= {
            cand import 'Import products from CSV files (shopctl, Shopify, WooCommerce or Meta catalog feed)'
            cand export 'Export the catalog as CSV'
            cand list 'List products'
            cand show 'Show one product'
            cand add 'Add a product (in the shop''s currency)'
            cand edit 'Change products'' fields: one SKU, several, --search, --group, or an update file'
            cand stock 'Change stock: +N adds, -N takes away, N sets (and starts counting), untracked stops'
            cand archive 'Stop selling products (they stay in the shop file)'
            cand images 'Images stored in the shop file'
            cand publish 'Publish the catalog to the chat storefront now (what `sync` does for the catalog)'
        }
        &'shopctl;help;catalog;import'= {
        }
        &'shopctl;help;catalog;export'= {
        }
        &'shopctl;help;catalog;list'= {
        }
        &'shopctl;help;catalog;show'= {
        }
        &'shopctl;help;catalog;add'= {
        }
        &'shopctl;help;catalog;edit'= {
        }
        &'shopctl;help;catalog;stock'= {
        }
        &'shopctl;help;catalog;archive'= {
        }
        &'shopctl;help;catalog;images'= {
            cand export 'Write every stored image to DIR, named by its hash'
        }
        &'shopctl;help;catalog;images;export'= {
        }
        &'shopctl;help;catalog;publish'= {
        }
        &'shopctl;help;payments'= {
            cand list 'Every payment method: enabled, state at the provider, markets, refund rule'
            cand enable 'Let customers pay with these methods (told to the provider at the next sync)'
            cand disable 'Stop offering these methods (told to the provider at the next sync)'
        }
        &'shopctl;help;payments;list'= {
        }
        &'shopctl;help;payments;enable'= {
        }
        &'shopctl;help;payments;disable'= {
        }
        &'shopctl;help;orders'= {
            cand list 'List orders, newest first'
            cand show 'Show one order with its lines, payments, fulfilments, refunds and history'
            cand import 'Import WhatsApp Cloud API `order` webhook payloads (JSON; a file or - for stdin)'
            cand fulfil 'Ship an order, all of it or some lines'
            cand cancel 'Cancel an order that has not shipped (a paid one is refunded in full)'
            cand notify 'Write to a chat order''s customer (sent by the next `shopctl sync`)'
        }
        &'shopctl;help;orders;list'= {
        }
        &'shopctl;help;orders;show'= {
        }
        &'shopctl;help;orders;import'= {
        }
        &'shopctl;help;orders;fulfil'= {
        }
        &'shopctl;help;orders;cancel'= {
        }
        &'shopctl;help;orders;notify'= {
        }
        &'shopctl;help;refunds'= {
            cand create 'Refund an order: an amount, some lines, or all of it'
            cand list 'List refunds'
            cand show 'Show one refund'
        }
        &'shopctl;help;refunds;create'= {
        }
        &'shopctl;help;refunds;list'= {
        }
        &'shopctl;help;refunds;show'= {
        }
        &'shopctl;help;payouts'= {
            cand list 'List payouts, newest first'
            cand show 'Show one payout with its transactions'
            cand reconcile 'Check that payouts add up to the shop''s payments, refunds and fees (exit 3 on discrepancies)'
        }
        &'shopctl;help;payouts;list'= {
        }
        &'shopctl;help;payouts;show'= {
        }
        &'shopctl;help;payouts;reconcile'= {
        }
        &'shopctl;help;sync'= {
        }
        &'shopctl;help;provider'= {
            cand show 'The provider and its settings (never the key itself)'
            cand set 'Switch provider or change its settings'
        }
        &'shopctl;help;provider;show'= {
        }
        &'shopctl;help;provider;set'= {
        }
        &'shopctl;help;channel'= {
            cand show 'The channel and its settings (where each secret lives, never the secret)'
            cand set 'Choose the chat channel: sandbox (offline), or whatsapp (Meta''s Cloud API)'
        }
        &'shopctl;help;channel;show'= {
        }
        &'shopctl;help;channel;set'= {
        }
        &'shopctl;help;serve'= {
        }
        &'shopctl;help;inbox'= {
            cand list 'Deliveries, newest first'
            cand retry 'Process a failed delivery again (after fixing its cause, e.g. adding the SKU)'
        }
        &'shopctl;help;inbox;list'= {
        }
        &'shopctl;help;inbox;retry'= {
        }
        &'shopctl;help;sandbox'= {
            cand simulate 'Play customers ordering and paying, and the provider paying out'
            cand payout 'Pay out now everything the sandbox holds (e.g. today''s refunds), as an instant payout'
            cand pay 'A customer pays in the chat for an order the shop imported from WhatsApp'
            cand messages 'The sandbox chat: the carts customers sent and every message the shop sent them'
        }
        &'shopctl;help;sandbox;simulate'= {
        }
        &'shopctl;help;sandbox;payout'= {
        }
        &'shopctl;help;sandbox;pay'= {
        }
        &'shopctl;help;sandbox;messages'= {
        }
        &'shopctl;help;config'= {
            cand list 'Every setting: its value, its default and what it means'
            cand get 'Print one setting''s value (its default when it is not set)'
            cand set 'Change a setting (checked before it is stored)'
            cand unset 'Remove a setting, so that its default applies again'
        }
        &'shopctl;help;config;list'= {
        }
        &'shopctl;help;config;get'= {
        }
        &'shopctl;help;config;set'= {
        }
        &'shopctl;help;config;unset'= {
        }
        &'shopctl;help;db'= {
            cand check 'Run SQLite''s integrity and foreign-key checks and check the kept counts (exit 3 on problems)'
            cand backup 'Copy the shop to FILE with SQLite''s online backup, consistent even while others write'
            cand migrate 'Bring the shop file''s schema up to this shopctl''s version (opening does this too)'
        }
        &'shopctl;help;db;check'= {
        }
        &'shopctl;help;db;backup'= {
        }
        &'shopctl;help;db;migrate'= {
        }
        &'shopctl;help;completions'= {
        }
        &'shopctl;help;generate-docs'= {
        }
        &'shopctl;help;help'= {
        }
    ]
    $completions[$command]
}
