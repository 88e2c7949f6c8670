<?php
// Envío de correo como marta@hotmail.es (creado por mailsetup).
// La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
// Atención: smtp-mail.outlook.com solo acepta «Iniciar sesión con…» (OAuth); con una contraseña el envío fallará.
use PHPMailer\PHPMailer\PHPMailer;

require 'vendor/autoload.php';

$mail = new PHPMailer(true);
$mail->isSMTP();
$mail->Host = 'smtp-mail.outlook.com';
$mail->Port = 587;
$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; // 'tls'
$mail->SMTPAuth = true;
$mail->Username = 'marta@hotmail.es';
$mail->Password = getenv('SMTP_PASS');
$mail->CharSet = PHPMailer::CHARSET_UTF8;
$mail->setFrom('marta@hotmail.es', 'Marta Gil');
$mail->addAddress('marta@hotmail.es');
$mail->Subject = 'Prueba de envío';
$mail->Body = 'Si lees esto, el envío funciona.';
$mail->send();
