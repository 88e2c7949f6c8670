<?php
// Envío de correo como luis.ortega@gmail.com (creado por mailsetup).
// La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
// Límites de envío de Google Mail — 500 destinatarios al día. Para boletines o envíos masivos usa un servicio de envío especializado.
use PHPMailer\PHPMailer\PHPMailer;

require 'vendor/autoload.php';

$mail = new PHPMailer(true);
$mail->isSMTP();
$mail->Host = 'smtp.gmail.com';
$mail->Port = 465;
$mail->SMTPSecure = PHPMailer::ENCRYPTION_SMTPS; // 'ssl'
$mail->SMTPAuth = true;
$mail->Username = 'luis.ortega@gmail.com';
$mail->Password = getenv('SMTP_PASS');
$mail->CharSet = PHPMailer::CHARSET_UTF8;
$mail->setFrom('luis.ortega@gmail.com', 'Luis Ortega');
$mail->addAddress('luis.ortega@gmail.com');
$mail->Subject = 'Prueba de envío';
$mail->Body = 'Si lees esto, el envío funciona.';
$mail->send();
