<?php
// Sending mail as luis.ortega@gmail.com (made by mailsetup).
// The password is read from the SMTP_PASS environment variable; do not write it in the code.
// Google Mail sending limits — 500 recipients a day. For newsletters or bulk mail use a dedicated sending service.
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
$mail->Subject = 'Test message';
$mail->Body = 'If you can read this, sending works.';
$mail->send();
