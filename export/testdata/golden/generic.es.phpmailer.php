<?php
// Envío de correo como ana@example.es (creado por mailsetup).
// La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
use PHPMailer\PHPMailer\PHPMailer;

require 'vendor/autoload.php';

$mail = new PHPMailer(true);
$mail->isSMTP();
$mail->Host = 'smtp.example.es';
$mail->Port = 587;
$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; // 'tls'
$mail->SMTPAuth = true;
$mail->Username = 'ana@example.es';
$mail->Password = getenv('SMTP_PASS');
$mail->CharSet = PHPMailer::CHARSET_UTF8;
$mail->setFrom('ana@example.es', 'Ana Pérez');
$mail->addAddress('ana@example.es');
$mail->Subject = 'Prueba de envío';
$mail->Body = 'Si lees esto, el envío funciona.';
$mail->send();
