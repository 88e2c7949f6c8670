// Envío de correo como marta@hotmail.es (creado por mailsetup).
// La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
// Atención: smtp-mail.outlook.com solo acepta «Iniciar sesión con…» (OAuth); con una contraseña el envío fallará.
// Pega estas líneas en wp-config.php, antes de la línea «That's all, stop editing!», y pon SMTP_PASS en el entorno del servidor.
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
