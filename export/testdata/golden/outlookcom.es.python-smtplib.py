# Envío de correo como marta@hotmail.es (creado por mailsetup).
# La contraseña se lee de la variable de entorno SMTP_PASS; no la escribas en el código.
# Atención: smtp-mail.outlook.com solo acepta «Iniciar sesión con…» (OAuth); con una contraseña el envío fallará.
import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formataddr

SMTP_HOST = "smtp-mail.outlook.com"
SMTP_PORT = 587
SMTP_USER = "marta@hotmail.es"
SMTP_FROM = "marta@hotmail.es"
SMTP_FROM_NAME = "Marta Gil"

msg = EmailMessage()
msg["From"] = formataddr((SMTP_FROM_NAME, SMTP_FROM))
msg["To"] = SMTP_FROM
msg["Subject"] = "Prueba de envío"
msg.set_content("Si lees esto, el envío funciona.")

context = ssl.create_default_context()
with smtplib.SMTP(SMTP_HOST, SMTP_PORT) as smtp:
    smtp.starttls(context=context)
    smtp.login(SMTP_USER, os.environ["SMTP_PASS"])
    smtp.send_message(msg)
