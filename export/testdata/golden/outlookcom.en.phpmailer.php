<?php
// Sending mail as marta@hotmail.es (made by mailsetup).
// The password is read from the SMTP_PASS environment variable; do not write it in the code.
// Warning: smtp-mail.outlook.com only accepts "Sign in with…" (OAuth); sending with a password will fail.
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
$mail->Subject = 'Test message';
$mail->Body = 'If you can read this, sending works.';
$mail->send();
