// Envío de correo como jose@correo.example (creado por mailsetup).
// La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
// Pega estas líneas en wp-config.php, antes de la línea «That's all, stop editing!», y pon SMTP_PASS en el entorno del servidor.
define( 'WPMS_ON', true );
define( 'WPMS_MAILER', 'smtp' );
define( 'WPMS_SMTP_HOST', 'smtp.correo.example' );
define( 'WPMS_SMTP_PORT', 587 );
define( 'WPMS_SSL', 'tls' );
define( 'WPMS_SMTP_AUTOTLS', true );
define( 'WPMS_SMTP_AUTH', true );
define( 'WPMS_SMTP_USER', 'jose' );
define( 'WPMS_SMTP_PASS', getenv( 'SMTP_PASS' ) );
define( 'WPMS_MAIL_FROM', 'jose@correo.example' );
define( 'WPMS_MAIL_FROM_FORCE', true );
define( 'WPMS_MAIL_FROM_NAME', 'José Muñoz' );
define( 'WPMS_MAIL_FROM_NAME_FORCE', true );
define( 'WPMS_SET_RETURN_PATH', true );
