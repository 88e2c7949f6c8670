<?php
// Sending mail as jose@correo.example (made by mailsetup).
// The password is read from the SMTP_PASS environment variable; do not write it in the code.
use PHPMailer\PHPMailer\PHPMailer;

require 'vendor/autoload.php';

$mail = new PHPMailer(true);
$mail->isSMTP();
$mail->Host = 'smtp.correo.example';
$mail->Port = 587;
$mail->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS; // 'tls'
$mail->SMTPAuth = true;
$mail->Username = 'jose';
$mail->Password = getenv('SMTP_PASS');
$mail->CharSet = PHPMailer::CHARSET_UTF8;
$mail->setFrom('jose@correo.example', 'José Muñoz');
$mail->addAddress('jose@correo.example');
$mail->Subject = 'Test message';
$mail->Body = 'If you can read this, sending works.';
$mail->send();
