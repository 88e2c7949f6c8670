// Sending mail as luis.ortega@gmail.com (made by mailsetup).
// The password is read from the SMTP_PASS environment variable; do not write it in the code.
// Google Mail sending limits — 500 recipients a day. For newsletters or bulk mail use a dedicated sending service.
// Paste these lines into wp-config.php, before the line "That's all, stop editing!", and set SMTP_PASS in the server's environment.
define( 'WPMS_ON', true );
define( 'WPMS_MAILER', 'smtp' );
define( 'WPMS_SMTP_HOST', 'smtp.gmail.com' );
define( 'WPMS_SMTP_PORT', 465 );
define( 'WPMS_SSL', 'ssl' );
define( 'WPMS_SMTP_AUTOTLS', true );
define( 'WPMS_SMTP_AUTH', true );
define( 'WPMS_SMTP_USER', 'luis.ortega@gmail.com' );
define( 'WPMS_SMTP_PASS', getenv( 'SMTP_PASS' ) );
define( 'WPMS_MAIL_FROM', 'luis.ortega@gmail.com' );
define( 'WPMS_MAIL_FROM_FORCE', true );
define( 'WPMS_MAIL_FROM_NAME', 'Luis Ortega' );
define( 'WPMS_MAIL_FROM_NAME_FORCE', true );
define( 'WPMS_SET_RETURN_PATH', true );
