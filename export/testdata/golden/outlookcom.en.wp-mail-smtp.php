// Sending mail as marta@hotmail.es (made by mailsetup).
// The password is read from the SMTP_PASS environment variable; do not write it in the code.
// Warning: smtp-mail.outlook.com only accepts "Sign in with…" (OAuth); sending with a password will fail.
// Paste these lines into wp-config.php, before the line "That's all, stop editing!", and set SMTP_PASS in the server's environment.
define( 'WPMS_ON', true );
define( 'WPMS_MAILER', 'smtp' );
define( 'WPMS_SMTP_HOST', 'smtp-mail.outlook.com' );
define( 'WPMS_SMTP_PORT', 587 );
define( 'WPMS_SSL', 'tls' );
define( 'WPMS_SMTP_AUTOTLS', true );
define( 'WPMS_SMTP_AUTH', true );
define( 'WPMS_SMTP_USER', 'marta@hotmail.es' );
define( 'WPMS_SMTP_PASS', getenv( 'SMTP_PASS' ) );
define( 'WPMS_MAIL_FROM', 'marta@hotmail.es' );
define( 'WPMS_MAIL_FROM_FORCE', true );
define( 'WPMS_MAIL_FROM_NAME', 'Marta Gil' );
define( 'WPMS_MAIL_FROM_NAME_FORCE', true );
define( 'WPMS_SET_RETURN_PATH', true );
