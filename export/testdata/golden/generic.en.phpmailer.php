<?php
// Sending mail as ana@example.es (made by mailsetup).
// The password is read from the SMTP_PASS environment variable; do not write it in the code.
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
$mail->Subject = 'Test message';
$mail->Body = 'If you can read this, sending works.';
$mail->send();
